/* mikro-private.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void _mikro_i18n_init (void);

G_END_DECLS
