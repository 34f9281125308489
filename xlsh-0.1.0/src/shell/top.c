/*
 * top: a live view of the domains the member may see, in the manner
 * of xentop: name, state, cpu seconds and percent, memory, vcpus.  It
 * refreshes every second, fits the terminal's width (narrow ones lose
 * columns from the right), redraws on resize, and q (or Ctrl-C)
 * returns to the prompt with the terminal as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/ioctl.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

#define TOP_INTERVAL_MS	1000

struct sample {
	uint32_t	domid;
	uint64_t	cpu_ns;
};

static volatile sig_atomic_t	resized, interrupted;

static void	on_winch(int);
static void	on_int(int);
static int	fetch(struct reply *);
static void	draw(const struct reply *, const struct sample *, size_t,
		    uint64_t);

static void
on_winch(int sig)
{
	(void)sig;
	resized = 1;
}

static void
on_int(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* One listing, as list gives it: only what the member may see. */
static int
fetch(struct reply *r)
{
	char	*argv[] = { (char *)"list", NULL };

	if (client_request(&conn, 1, argv, NULL, NULL, 0, r) == -1 ||
	    r->code != XE_OK) {
		shell_error("top: %s\n", r->msg);
		reply_free(r);
		return -1;
	}
	return 0;
}

static char
state_letter(const struct dominfo *d)
{
	if (d->flags & DI_DYING)
		return 'd';
	if (d->flags & DI_SHUTDOWN)
		return 's';
	if (d->flags & DI_PAUSED)
		return 'p';
	if (d->flags & DI_RUNNING)
		return 'r';
	return 'b';
}

/* The screen: a summary line, a header, a row per domain. */
static void
draw(const struct reply *r, const struct sample *prev, size_t nprev,
    uint64_t elapsed_ms)
{
	struct winsize	 ws;
	char		 line[512], name[4 * XLSH_NAME_MAX + 1], now[16];
	const struct dominfo *d;
	double		 pct;
	time_t		 t = time(NULL);
	size_t		 i, j, cols = 80, rows = 24, shown;
	int		 counts[5] = { 0 };

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		cols = ws.ws_col;
		rows = ws.ws_row;
	}
	if (cols >= sizeof(line))
		cols = sizeof(line) - 1;
	for (i = 0; i < r->ndoms; i++)
		counts[strchr("rbpsd", state_letter(&r->doms[i])) -
		    "rbpsd"]++;
	strftime(now, sizeof(now), "%H:%M:%S", localtime(&t));
	/* Home, clear: the whole screen is drawn again each time. */
	fputs("\033[H\033[2J", stdout);
	snprintf(line, cols + 1, "xlsh top - %s  %zu domains: %d running, "
	    "%d blocked, %d paused, %d shut down  (q quits)", now, r->ndoms,
	    counts[0], counts[1], counts[2], counts[3] + counts[4]);
	printf("%s\r\n", line);
	snprintf(line, cols + 1, "%18s %5s %5s %10s %6s %10s %5s", "NAME",
	    "ID", "STATE", "CPU(sec)", "CPU(%)", "MEM(k)", "VCPUS");
	printf("\033[7m%-*s\033[0m\r\n", (int)cols, line);
	shown = rows > 3 ? rows - 3 : 1;
	for (i = 0; i < r->ndoms && i < shown; i++) {
		d = &r->doms[i];
		pct = 0;
		for (j = 0; j < nprev; j++) {
			if (prev[j].domid == d->domid && elapsed_ms > 0 &&
			    d->cpu_time_ns >= prev[j].cpu_ns) {
				pct = (double)(d->cpu_time_ns -
				    prev[j].cpu_ns) / 1e4 / (double)elapsed_ms;
				break;
			}
		}
		strvis_name(name, sizeof(name), d->name);
		snprintf(line, cols + 1, "%18.18s %5u %5c %10llu %6.1f %10llu "
		    "%5u", name, d->domid, state_letter(d),
		    (unsigned long long)(d->cpu_time_ns / 1000000000ULL), pct,
		    (unsigned long long)d->current_memkb, d->vcpu_online);
		printf("%s\r\n", line);
	}
	fflush(stdout);
}

int
shell_top(void)
{
	struct termios		 saved, raw;
	struct sigaction	 sa, old_winch, old_int;
	struct pollfd		 pfd;
	struct reply		 r;
	struct sample		*prev = NULL;
	size_t			 nprev = 0, i;
	uint64_t		 last = 0, now;
	char			 c;
	int			 rv = XLSH_EXIT_OK, tty;

	tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
	if (!tty) {
		shell_error("top: needs a terminal\n");
		return XLSH_EXIT_FAIL;
	}
	raw = saved;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, &old_winch);
	sa.sa_handler = on_int;
	sigaction(SIGINT, &sa, &old_int);
	resized = interrupted = 0;
	/* The alternate screen, without a cursor. */
	fputs("\033[?1049h\033[?25l", stdout);

	for (;;) {
		now = now_ms();
		if (last == 0 || now - last >= TOP_INTERVAL_MS || resized) {
			memset(&r, 0, sizeof(r));
			if (fetch(&r) == -1) {
				rv = XLSH_EXIT_FAIL;
				break;
			}
			draw(&r, prev, nprev, last == 0 ? 0 : now - last);
			if (!resized || last == 0) {
				prev = xreallocarray(prev, r.ndoms,
				    sizeof(*prev));
				for (i = 0; i < r.ndoms; i++) {
					prev[i].domid = r.doms[i].domid;
					prev[i].cpu_ns = r.doms[i].cpu_time_ns;
				}
				nprev = r.ndoms;
				last = now;
			}
			resized = 0;
			reply_free(&r);
		}
		pfd.fd = STDIN_FILENO;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, TOP_INTERVAL_MS) == -1 && errno != EINTR)
			break;
		if (interrupted)
			break;
		if ((pfd.revents & POLLIN) && read(STDIN_FILENO, &c, 1) == 1 &&
		    (c == 'q' || c == 'Q'))
			break;
		if (pfd.revents & (POLLHUP | POLLERR))
			break;
	}
	fputs("\033[?25h\033[?1049l", stdout);
	fflush(stdout);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	sigaction(SIGWINCH, &old_winch, NULL);
	sigaction(SIGINT, &old_int, NULL);
	free(prev);
	return rv;
}
