/*
 * Logging a member in with PAM (service "xlsh"), the conversation
 * relayed to the shell.  The member PAM authenticates may differ from
 * the Unix login at the other end of the socket: on a shared jump host
 * every member may come in through one account.
 *
 * Failures look alike (unknown member, wrong password, locked out: all
 * "Login incorrect"), are delayed, and are counted per member and peer
 * account in the state directory so that guessing is slow across
 * connections too; while a member is locked out, PAM is not asked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <security/pam_appl.h>

#include "auth.h"
#include "session.h"

#define CONV_MSGS_MAX		8	/* messages in one conversation call */
#define CONV_CALLS_MAX		16	/* conversation calls in one login */
#define CONV_TIMEOUT_MS		60000	/* to answer one prompt */
#define LOGIN_INCORRECT		"Login incorrect"

struct conv_state {
	struct session	*s;
	int		 calls;
	int		 broken;	/* the client misbehaved or left */
};

static int	conversation(int, const struct pam_message **,
		    struct pam_response **, void *);
static int	relay(struct conv_state *, int, const char *, char **);
static int	faillock_open(struct session *, const char *);
static void	faillock_read(int, unsigned long *, long long *);
static int	faillock_locked(struct session *, const char *);
static void	faillock_update(struct session *, const char *, int);
static void	free_responses(struct pam_response *, int);
static long long lock_ms(const struct session *, unsigned long);
static int	locked_login(struct conv_state *, const char *);
static void	fail_delay(struct session *);

/* The same wait before every failed login's answer. */
static void
fail_delay(struct session *s)
{
	struct timespec	delay;

	delay.tv_sec = s->conf->fail_delay_ms / 1000;
	delay.tv_nsec = (long)(s->conf->fail_delay_ms % 1000) * 1000000L;
	while (nanosleep(&delay, &delay) == -1 && errno == EINTR)
		;
}

static void
free_responses(struct pam_response *r, int n)
{
	int	i;

	if (r == NULL)
		return;
	for (i = 0; i < n; i++) {
		if (r[i].resp != NULL) {
			explicit_bzero(r[i].resp, strlen(r[i].resp));
			free(r[i].resp);
		}
	}
	free(r);
}

/*
 * Send one prompt or message; for a prompt, wait for the answer.
 * Returns 0, or -1 when the client misbehaved, left or stalled.
 */
static int
relay(struct conv_state *cs, int style, const char *text, char **answer)
{
	struct session	*s = cs->s;
	struct buf	 in;
	uint32_t	 type;
	char		 clipped[PROMPT_MAX + 1];
	int		 rv = -1;

	snprintf(clipped, sizeof(clipped), "%s", text != NULL ? text : "");
	buf_reset(&s->out);
	if (buf_put_u32(&s->out, (uint32_t)style) ||
	    buf_put_str(&s->out, clipped))
		fatalx("relay");
	reply_frame(s, MSG_AUTH_PROMPT, &s->out);
	if (answer == NULL)
		return 0;

	buf_init(&in, PROMPT_MAX + 16);
	if (frame_read(s->fd, &type, &in, login_left(s, CONV_TIMEOUT_MS)) ==
	    -1) {
		slog("session %s: login: no answer to a prompt (%s)",
		    s->id, strerror(errno));
		goto out;
	}
	if (type != MSG_AUTH_REPLY || buf_get_str(&in, answer) == -1 ||
	    buf_left(&in) != 0 || strlen(*answer) > PROMPT_MAX) {
		slog("session %s: login: malformed answer (message 0x%x)",
		    s->id, type);
		if (*answer != NULL) {
			explicit_bzero(*answer, strlen(*answer));
			free(*answer);
			*answer = NULL;
		}
		goto out;
	}
	rv = 0;
out:
	buf_free(&in);	/* zeroes what it held: it may be a password */
	return rv;
}

/*
 * PAM's conversation.  Some modules pass resp == NULL for messages
 * that need no answer (pam_matrix's "verbose"); then prompts cannot be
 * answered and fail the conversation.
 */
static int
conversation(int n, const struct pam_message **msg,
    struct pam_response **resp, void *data)
{
	struct conv_state	*cs = data;
	struct pam_response	*r = NULL;
	int			 i, style;

	if (cs->broken || n <= 0 || n > CONV_MSGS_MAX ||
	    ++cs->calls > CONV_CALLS_MAX)
		return PAM_CONV_ERR;
	if (resp != NULL) {
		*resp = NULL;
		r = xcalloc((size_t)n, sizeof(*r));
	}
	for (i = 0; i < n; i++) {
		style = msg[i]->msg_style;
		switch (style) {
		case PAM_PROMPT_ECHO_OFF:
		case PAM_PROMPT_ECHO_ON:
			if (r == NULL ||
			    relay(cs, style == PAM_PROMPT_ECHO_OFF ?
			    PROMPT_ECHO_OFF : PROMPT_ECHO_ON, msg[i]->msg,
			    &r[i].resp) == -1)
				goto fail;
			break;
		case PAM_ERROR_MSG:
		case PAM_TEXT_INFO:
			if (relay(cs, style == PAM_ERROR_MSG ? PROMPT_ERROR :
			    PROMPT_INFO, msg[i]->msg, NULL) == -1)
				goto fail;
			break;
		default:
			goto fail;
		}
	}
	if (resp != NULL)
		*resp = r;
	return PAM_SUCCESS;
fail:
	cs->broken = 1;
	free_responses(r, n);
	return PAM_CONV_ERR;
}

/*
 * The failure record of member for logins from this peer's Unix
 * account: STATE/faillock/MEMBER@UID, locked while it is read and
 * written.  Failures from one account never lock a member out of
 * logins from another.
 */
static int
faillock_open(struct session *s, const char *member)
{
	char	path[1024];
	int	fd;

	if (!valid_member_name(member))
		return -1;
	snprintf(path, sizeof(path), "%s/faillock", s->conf->state_dir);
	if (mkdir(path, 0700) == -1 && errno != EEXIST)
		return -1;
	snprintf(path, sizeof(path), "%s/faillock/%s@%lu",
	    s->conf->state_dir, member, (unsigned long)s->peer_uid);
	if ((fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600)) == -1)
		return -1;
	if (flock(fd, LOCK_EX) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Read "COUNT LAST_MS" from a failure record. */
static void
faillock_read(int fd, unsigned long *count, long long *last)
{
	char	buf[64];
	ssize_t	n;

	*count = 0;
	*last = 0;
	if ((n = pread(fd, buf, sizeof(buf) - 1, 0)) <= 0)
		return;
	buf[n] = '\0';
	if (sscanf(buf, "%lu %lld", count, last) != 2)
		*count = 0;
}

/*
 * How long, in ms, the member stays locked out after count failures
 * in a row: none below --lockout; then an eighth of --lockout-time,
 * doubling with each further failure up to all of it.  The delays grow
 * rather than lock hard at once: on a shared Unix login anyone may
 * fail in a member's name.
 */
static long long
lock_ms(const struct session *s, unsigned long count)
{
	unsigned long	over;

	if (s->conf->lockout_max == 0 || count < s->conf->lockout_max)
		return 0;
	over = count - s->conf->lockout_max;
	return (long long)s->conf->lockout_secs * 1000 >>
	    (over >= 3 ? 0 : 3 - over);
}

/* Is the member locked out of logins from this peer, right now? */
static int
faillock_locked(struct session *s, const char *member)
{
	unsigned long	count;
	long long	last;
	int		fd;

	if (s->conf->lockout_max == 0 || (fd = faillock_open(s, member)) == -1)
		return 0;
	faillock_read(fd, &count, &last);
	close(fd);
	return (long long)now_ms() - last < lock_ms(s, count);
}

/*
 * Count a failure, or forget them all after a success.  Attempts while
 * locked out are neither: they are never tried, and so can neither
 * extend the lockout nor end it.
 */
static void
faillock_update(struct session *s, const char *member, int failed)
{
	unsigned long	count;
	long long	last, now = (long long)now_ms();
	char		buf[64];
	int		fd, n;

	if ((fd = faillock_open(s, member)) == -1)
		return;
	faillock_read(fd, &count, &last);
	/* Failures far apart are not a guess in a row. */
	if (now - last >= (long long)s->conf->lockout_secs * 1000 +
	    lock_ms(s, count))
		count = 0;
	count = failed ? count + 1 : 0;
	n = snprintf(buf, sizeof(buf), "%lu %lld\n", count, now);
	if (ftruncate(fd, 0) == 0 && pwrite(fd, buf, (size_t)n, 0) == n)
		fsync(fd);
	close(fd);
}

/*
 * A login while locked out: PAM is not asked, so a right password
 * cannot be told from a wrong one; the usual password prompt is
 * answered and thrown away.  -1, or -2 if the client misbehaved.
 */
static int
locked_login(struct conv_state *cs, const char *name)
{
	char	*answer = NULL;

	slog("session %s: login: %s is locked out (from uid %lu); PAM was "
	    "not asked", cs->s->id, name, (unsigned long)cs->s->peer_uid);
	if (relay(cs, PROMPT_ECHO_OFF, "Password: ", &answer) == -1)
		return -2;
	explicit_bzero(answer, strlen(answer));
	free(answer);
	return -1;
}

/*
 * Authenticate and check the account of user (asking for the name
 * first when it is empty).  On success s->member is set.  On failure
 * the reason is logged, the answer delayed, and e says only
 * LOGIN_INCORRECT; -2 means the client misbehaved and the connection
 * must end.
 */
int
auth_login(struct session *s, const char *user, struct xerr *e)
{
	struct conv_state	 cs = { s, 0, 0 };
	struct pam_conv		 conv = { conversation, &cs };
	pam_handle_t		*pamh = NULL;
	const void		*item;
	char			*asked = NULL, name[64] = "";
	int			 rv, locked;

	if (user[0] == '\0') {
		if (relay(&cs, PROMPT_ECHO_ON, "login: ", &asked) == -1)
			return -2;
		user = asked;
	}
	snprintf(name, sizeof(name), "%s", user);
	free(asked);
	locked = valid_member_name(name) && faillock_locked(s, name);
	if (locked) {
		if (locked_login(&cs, name) == -2)
			return -2;
		fail_delay(s);
		xerr_set(e, XE_DENIED, LOGIN_INCORRECT);
		return -1;
	}

	/*
	 * Even an impossible name goes through PAM, so that the client
	 * sees the same prompts and the same answer.
	 */
	rv = pam_start(s->conf->pam_service, name, &conv, &pamh);
	if (rv == PAM_SUCCESS && s->login[0] != '\0')
		rv = pam_set_item(pamh, PAM_RUSER, s->login);
	if (rv == PAM_SUCCESS)
		rv = pam_authenticate(pamh, PAM_DISALLOW_NULL_AUTHTOK);
	if (rv == PAM_SUCCESS)
		rv = pam_acct_mgmt(pamh, PAM_DISALLOW_NULL_AUTHTOK);
	/* A module may have changed the name: use the one PAM ends with. */
	if (rv == PAM_SUCCESS) {
		rv = pam_get_item(pamh, PAM_USER, &item);
		if (rv == PAM_SUCCESS && item != NULL)
			snprintf(name, sizeof(name), "%s", (const char *)item);
	}
	if (rv == PAM_SUCCESS && !valid_member_name(name)) {
		slog("session %s: login: PAM gave the name \"%s\", which is "
		    "not a valid member name", s->id, name);
		rv = PAM_USER_UNKNOWN;
	}
	if (pamh != NULL)
		pam_end(pamh, rv);
	if (cs.broken)
		return -2;
	if (rv != PAM_SUCCESS) {
		slog("session %s: login of \"%s\" failed: %s", s->id,
		    valid_member_name(name) ? name : "(invalid name)",
		    pam_strerror(NULL, rv));
		if (valid_member_name(name))
			faillock_update(s, name, 1);
		fail_delay(s);
		xerr_set(e, XE_DENIED, LOGIN_INCORRECT);
		return -1;
	}
	faillock_update(s, name, 0);
	snprintf(s->member, sizeof(s->member), "%s", name);
	return 0;
}
