/* mikro-entity-case-naming-strategy.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(MIKRO_INSIDE) && !defined(MIKRO_COMPILATION)
# error "Only <mikro-gobject.h> can be included directly."
#endif

#include "mikro-naming-strategy.h"

G_BEGIN_DECLS

#define MIKRO_TYPE_ENTITY_CASE_NAMING_STRATEGY (mikro_entity_case_naming_strategy_get_type ())

MIKRO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (MikroEntityCaseNamingStrategy, mikro_entity_case_naming_strategy,
                      MIKRO, ENTITY_CASE_NAMING_STRATEGY, GObject)

MIKRO_AVAILABLE_IN_1_0
MikroNamingStrategy *mikro_entity_case_naming_strategy_new (void);

G_END_DECLS
