#!/usr/bin/env bash
# Installs what STFlow needs on a fresh Debian machine; does nothing when it is already there:
# libsqlite3-dev (the store), libssl-dev (libcrypto: the signed anchor of the hash chain), libmicrohttpd-dev (stflow serve),
# libcrypt-dev (yescrypt password hashes), libzip-dev (.docx documents), libxlsxwriter-dev (.xlsx annexes),
# poppler-utils (the document tests read LibreOffice's PDF back: pdftotext, pdftoppm), python3 (the e-mail hook example and its tests), chromium and chromium-driver (the browser tests of the dashboard and the web interface, over WebDriver),
# LibreOffice Calc and Writer without a GUI (reading .xlsx/.ods task lists; checking documents),
# libpq-dev and postgresql (the PostgreSQL store; its tests start a throwaway cluster of their own under .build/).
set -euo pipefail
need=()
[ -f /usr/include/sqlite3.h ] || need+=(libsqlite3-dev)
[ -f /usr/include/openssl/hmac.h ] || need+=(libssl-dev)
[ -f /usr/include/microhttpd.h ] || need+=(libmicrohttpd-dev)
[ -f /usr/include/crypt.h ] || need+=(libcrypt-dev)
[ -f /usr/include/zip.h ] || need+=(libzip-dev)
[ -f /usr/include/xlsxwriter.h ] || need+=(libxlsxwriter-dev)
[ -f /usr/include/postgresql/libpq-fe.h ] || need+=(libpq-dev)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui libreoffice-writer-nogui)
fc-list 2>/dev/null | grep -qi "Liberation Serif" || need+=(fonts-liberation)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${need[@]}"
fi
