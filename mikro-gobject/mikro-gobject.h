/* mikro-gobject.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#define MIKRO_INSIDE
# include "mikro-version.h"
# include "mikro-version-macros.h"
# include "mikro-enums.h"
# include "mikro-error.h"
# include "mikro-type.h"
# include "mikro-property.h"
# include "mikro-collection.h"
# include "mikro-entity.h"
# include "mikro-entity-schema.h"
# include "mikro-entity-metadata.h"
# include "mikro-naming-strategy.h"
# include "mikro-underscore-naming-strategy.h"
# include "mikro-entity-case-naming-strategy.h"
# include "mikro-driver.h"
# include "mikro-entity-manager.h"
# include "mikro-repository.h"
# include "mikro-change-set.h"
# include "mikro-flush-event.h"
# include "mikro-event-subscriber.h"
# include "mikro-orm.h"
# include "mikro-request-context.h"
#undef MIKRO_INSIDE
