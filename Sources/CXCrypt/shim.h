// libxcrypt (Debian: libcrypt-dev, with the C library): yescrypt password hashes.
#include <crypt.h>
#include <string.h>
