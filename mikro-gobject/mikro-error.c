/* mikro-error.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mikro-error.h"
#include "mikro-private.h"

/**
 * mikro_error_quark:
 *
 * The quark of the %MIKRO_ERROR domain.
 *
 * Returns: the error domain quark
 *
 * Since: 1.0
 */
G_DEFINE_QUARK (mikro-error-quark, mikro_error)

/* Error messages are translated in the library's own domain, whatever the
 * application's. */
void
_mikro_i18n_init (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_once_init_leave (&initialized, 1);
    }
}
