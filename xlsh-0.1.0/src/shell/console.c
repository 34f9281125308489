/*
 * console DOMAIN: the shell bridges the console descriptor the helper
 * passed (SCM_RIGHTS) to the terminal in raw mode, as xenconsole does,
 * until Ctrl-] (0x1d), and gives the terminal back as it found it,
 * whatever the guest printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/ioctl.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "client.h"

#define ESCAPE_CHAR	0x1d	/* Ctrl-] */

static volatile sig_atomic_t	resized;

static void
on_winch(int sig)
{
	(void)sig;
	resized = 1;
}

/* The console's size follows the terminal's. */
static void
pass_size(int fd)
{
	struct winsize	ws;

	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
		ioctl(fd, TIOCSWINSZ, &ws);
}

int
shell_console(int fd, const char *name)
{
	struct termios		 saved, raw;
	struct sigaction	 sa, old;
	struct pollfd		 pfd[2];
	char			 buf[4096], *esc, shown[4 * XLSH_NAME_MAX + 1];
	ssize_t			 n;
	int			 closed = 0;

	if (tcgetattr(STDIN_FILENO, &saved) == -1) {
		shell_error("console: needs a terminal\n");
		return XLSH_EXIT_FAIL;
	}
	strvis_name(shown, sizeof(shown), name);
	fprintf(stderr, "[%s's console; Ctrl-] returns to xlsh]\n", shown);
	raw = saved;
	cfmakeraw(&raw);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, &old);
	pass_size(fd);

	for (;;) {
		if (resized) {
			resized = 0;
			pass_size(fd);
		}
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[1].fd = fd;
		pfd[1].events = POLLIN;
		if (poll(pfd, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(fd, buf, sizeof(buf));
			if (n <= 0 && !(n == -1 && errno == EINTR)) {
				closed = 1;
				break;
			}
			if (n > 0 && full_write(STDOUT_FILENO, buf,
			    (size_t)n) == -1)
				break;
		}
		if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(STDIN_FILENO, buf, sizeof(buf));
			if (n <= 0)
				break;
			if ((esc = memchr(buf, ESCAPE_CHAR, (size_t)n)) !=
			    NULL) {
				full_write(fd, buf, (size_t)(esc - buf));
				break;
			}
			if (full_write(fd, buf, (size_t)n) == -1) {
				closed = 1;
				break;
			}
		}
	}
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	sigaction(SIGWINCH, &old, NULL);
	/* Attributes the guest may have set are reset; the line is clean. */
	fputs("\033[0m\r\n", stdout);
	fflush(stdout);
	if (closed)
		fprintf(stderr, "[the console of %s closed]\n", shown);
	return XLSH_EXIT_OK;
}
