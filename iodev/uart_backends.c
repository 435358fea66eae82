/* Where a UART's serial line goes: nowhere, the terminal, a file or a
 * TCP client.  These are the only parts of the UART that touch the host,
 * and they use POSIX. */
#include "iodev/uart.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0 /* where it is missing, SIGPIPE is the caller's to ignore */
#endif

void uart_backend_none(struct uart_backend *backend)
{
	*backend = (struct uart_backend){ 0 };
}

/* ---- stdio ---- */

struct stdio_backend {
	bool input_closed;
};

static void stdio_write(void *opaque, uint8_t byte)
{
	ssize_t written;
	do
		written = write(STDOUT_FILENO, &byte, 1);
	while (written < 0 && errno == EINTR);
}

static int stdio_read(void *opaque)
{
	struct stdio_backend *s = opaque;
	if (s->input_closed)
		return -1;
	/* Ask first, so that the read never blocks. */
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & (POLLIN | POLLHUP)))
		return -1;
	uint8_t byte;
	ssize_t got = read(STDIN_FILENO, &byte, 1);
	if (got == 1)
		return byte;
	if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN))
		s->input_closed = true;
	return -1;
}

static void stdio_destroy(void *opaque)
{
	free(opaque);
}

int uart_backend_stdio(struct uart_backend *backend)
{
	uart_backend_none(backend);
	struct stdio_backend *s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	*backend = (struct uart_backend){
		.write_byte = stdio_write,
		.read_byte = stdio_read,
		.destroy = stdio_destroy,
		.opaque = s,
	};
	return 0;
}

/* ---- file ---- */

static void file_write(void *opaque, uint8_t byte)
{
	FILE *file = opaque;
	fputc(byte, file);
	if (byte == '\n')
		fflush(file);
}

static void file_destroy(void *opaque)
{
	fclose(opaque);
}

int uart_backend_file(struct uart_backend *backend, const char *path)
{
	uart_backend_none(backend);
	FILE *file = fopen(path, "wb");
	if (!file)
		return -1;
	*backend = (struct uart_backend){
		.write_byte = file_write,
		.destroy = file_destroy,
		.opaque = file,
	};
	return 0;
}

/* ---- TCP ---- */

struct tcp_backend {
	int listener;
	int client; /* -1: none */
	uint16_t port;
};

static void tcp_drop_client(struct tcp_backend *t)
{
	if (t->client >= 0) {
		close(t->client);
		t->client = -1;
	}
}

/* Takes a waiting client, if any; never blocks. */
static bool tcp_have_client(struct tcp_backend *t)
{
	if (t->client >= 0)
		return true;
	int fd = accept(t->listener, NULL, NULL);
	if (fd < 0)
		return false;
	/* Some systems pass the listener's O_NONBLOCK on; sends here wait
	 * (for at most SO_SNDTIMEO), reads say MSG_DONTWAIT themselves. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	struct timeval limit = { .tv_sec = 1 };
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof(limit));
	t->client = fd;
	return true;
}

static void tcp_write(void *opaque, uint8_t byte)
{
	struct tcp_backend *t = opaque;
	if (!tcp_have_client(t))
		return;
	ssize_t sent;
	do
		sent = send(t->client, &byte, 1, MSG_NOSIGNAL);
	while (sent < 0 && errno == EINTR);
	if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
		tcp_drop_client(t);
}

static int tcp_read(void *opaque)
{
	struct tcp_backend *t = opaque;
	if (!tcp_have_client(t))
		return -1;
	uint8_t byte;
	ssize_t got = recv(t->client, &byte, 1, MSG_DONTWAIT);
	if (got == 1)
		return byte;
	if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
		tcp_drop_client(t); /* gone; the next one may connect */
	return -1;
}

static void tcp_destroy(void *opaque)
{
	struct tcp_backend *t = opaque;
	tcp_drop_client(t);
	close(t->listener);
	free(t);
}

int uart_backend_tcp(struct uart_backend *backend, uint16_t port)
{
	uart_backend_none(backend);
	struct tcp_backend *t = calloc(1, sizeof(*t));
	if (!t)
		return -1;
	t->client = -1;
	t->listener = socket(AF_INET, SOCK_STREAM, 0);
	if (t->listener < 0) {
		free(t);
		return -1;
	}
	int one = 1;
	setsockopt(t->listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof(addr);
	if (bind(t->listener, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(t->listener, 1) < 0 ||
	    fcntl(t->listener, F_SETFL, fcntl(t->listener, F_GETFL) | O_NONBLOCK) < 0 ||
	    getsockname(t->listener, (struct sockaddr *)&addr, &len) < 0) {
		int saved = errno;
		close(t->listener);
		free(t);
		errno = saved;
		return -1;
	}
	t->port = ntohs(addr.sin_port);
	*backend = (struct uart_backend){
		.write_byte = tcp_write,
		.read_byte = tcp_read,
		.destroy = tcp_destroy,
		.opaque = t,
	};
	return 0;
}

uint16_t uart_backend_tcp_port(const struct uart_backend *backend)
{
	if (backend->write_byte != tcp_write)
		return 0;
	return ((const struct tcp_backend *)backend->opaque)->port;
}
