/* mikro-driver.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(MIKRO_INSIDE) && !defined(MIKRO_COMPILATION)
# error "Only <mikro-gobject.h> can be included directly."
#endif

#include <glib-object.h>

#include "mikro-version-macros.h"

G_BEGIN_DECLS

#define MIKRO_TYPE_DRIVER (mikro_driver_get_type ())

MIKRO_AVAILABLE_IN_1_0
G_DECLARE_DERIVABLE_TYPE (MikroDriver, mikro_driver, MIKRO, DRIVER, GObject)

MIKRO_AVAILABLE_IN_1_0
MikroDriver *mikro_driver_open                (const char  *uri,
                                               GError     **error);
MIKRO_AVAILABLE_IN_1_0
const char  *mikro_driver_get_uri             (MikroDriver *self);
MIKRO_AVAILABLE_IN_1_0
const char  *mikro_driver_get_name            (MikroDriver *self);
MIKRO_AVAILABLE_IN_1_0
void         mikro_driver_close               (MikroDriver *self);
MIKRO_AVAILABLE_IN_1_0
void         mikro_driver_register_scheme     (const char  *scheme,
                                               GType        driver_type);

G_END_DECLS
