/* mikro-flush-event.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(MIKRO_INSIDE) && !defined(MIKRO_COMPILATION)
# error "Only <mikro-gobject.h> can be included directly."
#endif

#include <gio/gio.h>

#include "mikro-version-macros.h"
#include "mikro-entity-manager.h"

G_BEGIN_DECLS

#define MIKRO_TYPE_FLUSH_EVENT (mikro_flush_event_get_type ())

MIKRO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (MikroFlushEvent, mikro_flush_event, MIKRO, FLUSH_EVENT, GObject)

MIKRO_AVAILABLE_IN_1_0
MikroEntityManager *mikro_flush_event_get_entity_manager (MikroFlushEvent *self);
MIKRO_AVAILABLE_IN_1_0
GListModel         *mikro_flush_event_list_change_sets   (MikroFlushEvent *self);

G_END_DECLS
