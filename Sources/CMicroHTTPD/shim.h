// GNU libmicrohttpd (Debian: libmicrohttpd-dev) and the few helpers Swift needs: the variadic
// MHD_start_daemon and MHD_get_connection_info cannot be called from Swift, these small inline functions can.
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <string.h>
#include <stdint.h>
#include <microhttpd.h>

typedef enum MHD_Result (*stflow_access_handler)(void *cls, struct MHD_Connection *connection, const char *url,
                                                   const char *method, const char *version, const char *upload_data,
                                                   size_t *upload_data_size, void **req_cls);
typedef void (*stflow_completed_handler)(void *cls, struct MHD_Connection *connection, void **req_cls,
                                         enum MHD_RequestTerminationCode toe);

/// Starts a daemon on `address:port` (IPv4; port 0 picks a free one) with its own polling thread and a pool
/// of `threads` workers. `cert` and `key` (PEM text) turn TLS on when both are given. NULL on failure.
static inline struct MHD_Daemon *stflow_mhd_start(const char *address, uint16_t port, unsigned int threads,
                                                  unsigned int connection_limit, unsigned int timeout_seconds,
                                                  size_t memory_limit, stflow_access_handler handler,
                                                  stflow_completed_handler completed, void *cls, const char *cert,
                                                  const char *key) {
  struct sockaddr_in local;
  memset(&local, 0, sizeof(local));
  local.sin_family = AF_INET;
  local.sin_port = htons(port);
  if (inet_pton(AF_INET, address, &local.sin_addr) != 1) return NULL;
  unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
  if (cert != NULL && key != NULL) flags |= MHD_USE_TLS;
  if (cert != NULL && key != NULL) {
    return MHD_start_daemon(flags, port, NULL, NULL, handler, cls, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&local,
                            MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, connection_limit,
                            MHD_OPTION_CONNECTION_TIMEOUT, timeout_seconds, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                            memory_limit, MHD_OPTION_NOTIFY_COMPLETED, completed, cls, MHD_OPTION_HTTPS_MEM_CERT, cert,
                            MHD_OPTION_HTTPS_MEM_KEY, key, MHD_OPTION_END);
  }
  return MHD_start_daemon(flags, port, NULL, NULL, handler, cls, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&local,
                          MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, connection_limit,
                          MHD_OPTION_CONNECTION_TIMEOUT, timeout_seconds, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                          memory_limit, MHD_OPTION_NOTIFY_COMPLETED, completed, cls, MHD_OPTION_END);
}

/// The port the daemon listens on (the one chosen when 0 was asked for).
static inline uint16_t stflow_mhd_port(struct MHD_Daemon *daemon) {
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
  return info == NULL ? 0 : info->port;
}

/// The client's IP address as text into `out` (at least 64 bytes); empty when unknown.
static inline void stflow_mhd_client_address(struct MHD_Connection *connection, char *out, size_t size) {
  out[0] = 0;
  const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info == NULL || info->client_addr == NULL) return;
  const struct sockaddr *sa = info->client_addr;
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)size);
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)size);
  }
}
