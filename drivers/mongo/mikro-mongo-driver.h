/* mikro-mongo-driver.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <mikro-gobject.h>

G_BEGIN_DECLS

/* The driver is a separate shared library built with
 * gnu_symbol_visibility=hidden, so its public symbols need their own export
 * attribute: the core's MIKRO_AVAILABLE_IN_* only exports from the core. */
#ifndef _MIKRO_MONGO_EXTERN
# define _MIKRO_MONGO_EXTERN __attribute__((visibility ("default"))) extern
#endif

#define MIKRO_MONGO_AVAILABLE_IN_ALL _MIKRO_MONGO_EXTERN
#define MIKRO_MONGO_AVAILABLE_IN_1_0 _MIKRO_MONGO_EXTERN

#define MIKRO_MONGO_TYPE_DRIVER (mikro_mongo_driver_get_type ())

/* Spelled out instead of G_DECLARE_FINAL_TYPE: that macro embeds the parent's
 * class structure, and MikroDriverClass is only complete in the core's
 * private header, which applications never see. */
#define MIKRO_MONGO_DRIVER(obj)    (G_TYPE_CHECK_INSTANCE_CAST ((obj), MIKRO_MONGO_TYPE_DRIVER, MikroMongoDriver))
#define MIKRO_MONGO_IS_DRIVER(obj) (G_TYPE_CHECK_INSTANCE_TYPE ((obj), MIKRO_MONGO_TYPE_DRIVER))

typedef struct _MikroMongoDriver MikroMongoDriver;

MIKRO_MONGO_AVAILABLE_IN_1_0
GType       mikro_mongo_driver_get_type          (void) G_GNUC_CONST;

MIKRO_MONGO_AVAILABLE_IN_1_0
const char *mikro_mongo_driver_get_database_name (MikroMongoDriver *self);
MIKRO_MONGO_AVAILABLE_IN_1_0
gboolean    mikro_mongo_driver_get_supports_transactions (MikroMongoDriver *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MikroMongoDriver, g_object_unref)

G_END_DECLS
