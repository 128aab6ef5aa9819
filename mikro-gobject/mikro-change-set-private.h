/* mikro-change-set-private.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mikro-gobject.h"

G_BEGIN_DECLS

/* takes @properties (NULL for none) */
MikroChangeSet *_mikro_change_set_new (MikroEntity        *entity,
                                       MikroChangeSetType  type,
                                       GStrv               properties);

MikroFlushEvent *_mikro_flush_event_new (MikroEntityManager *em,
                                         GListStore         *change_sets);

G_END_DECLS
