/* mikro-gda-driver.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <mikro-gobject.h>

G_BEGIN_DECLS

#ifndef MIKRO_GDA_AVAILABLE_IN_1_0
# define MIKRO_GDA_AVAILABLE_IN_1_0 __attribute__((visibility ("default"))) extern
#endif

#define MIKRO_GDA_TYPE_DRIVER (mikro_gda_driver_get_type ())

#define MIKRO_GDA_DRIVER(obj) (G_TYPE_CHECK_INSTANCE_CAST ((obj), MIKRO_GDA_TYPE_DRIVER, MikroGdaDriver))
#define MIKRO_GDA_IS_DRIVER(obj) (G_TYPE_CHECK_INSTANCE_TYPE ((obj), MIKRO_GDA_TYPE_DRIVER))

/* Declared by hand rather than with G_DECLARE_FINAL_TYPE: the class
 * structure of MikroDriver is private to mikro-gobject, so the class
 * structure of a driver can only be completed in its .c file. */
typedef struct _MikroGdaDriver MikroGdaDriver;
typedef struct _MikroGdaDriverClass MikroGdaDriverClass;

MIKRO_GDA_AVAILABLE_IN_1_0
GType mikro_gda_driver_get_type (void) G_GNUC_CONST;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MikroGdaDriver, g_object_unref)

MIKRO_GDA_AVAILABLE_IN_1_0
const char *mikro_gda_driver_get_dialect_name (MikroGdaDriver *self);
MIKRO_GDA_AVAILABLE_IN_1_0
guint       mikro_gda_driver_get_n_cached_statements (MikroGdaDriver *self);

G_END_DECLS
