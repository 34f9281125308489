/*
 * Logging a member in with PAM (service "xlsh"), the conversation
 * relayed to the shell.  The member PAM authenticates may differ from
 * the Unix login at the other end of the socket: on a shared jump host
 * every member may come in through one account.  A member who comes in
 * through their own account is not asked again (peer_login).
 *
 * Failures look alike (unknown member, wrong password, locked out: all
 * "Login incorrect"), are delayed, and are counted per member and peer
 * account in the state directory (faillock.c) so that guessing is slow
 * across connections too; while a member is locked out, PAM is not
 * asked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <pwd.h>
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
static void	free_responses(struct pam_response *, int);
static int	locked_login(struct conv_state *, const char *);
static void	fail_delay(struct session *);
static int	peer_is_member(struct session *);
static int	peer_login(struct session *, struct xerr *);

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
 * Is the peer's own Unix account a member: a real account, not one
 * that several members share (shared-login), to which the policy gives
 * something?  If so its groups are kept in s->groups.  Then whoever is at the other end of the socket has been
 * authenticated already, by sshd or login(1), as that account.
 */
static int
peer_is_member(struct session *s)
{
	struct member	  m;
	char		**groups = NULL;
	size_t		  ngroups = 0, v;
	uint64_t	  granted;

	if (s->conf->mode != MODE_SYSTEM || getpwnam(s->login) == NULL ||
	    conf_shared(s->conf, s->login))
		return 0;
	if (policy_groups(s->login, &groups, &ngroups) == -1) {
		groups = NULL;
		ngroups = 0;
	}
	memset(&m, 0, sizeof(m));
	m.name = s->login;
	m.groups = groups;
	m.ngroups = ngroups;
	granted = policy_verbs(s->conf->policy, &m);
	/* Not what everyone has: help, exit, whoami ... */
	for (v = 0; v < V__COUNT; v++)
		if (verbs[v]->flags & (VF_LOCAL | VF_SELF))
			granted &= ~(1ULL << v);
	if (granted == 0) {
		if (groups != NULL)
			strv_free(groups, ngroups);
		return 0;
	}
	/* The member's groups, should the login succeed (member_start). */
	s->groups = groups;
	s->ngroups = ngroups;
	return 1;
}

/*
 * The peer's account logs in as itself: no password (it gave one, or a
 * key, to whatever let it onto this host), only PAM's account
 * management (an expired or locked account, /etc/nologin).  0 or -1.
 */
static int
peer_login(struct session *s, struct xerr *e)
{
	struct conv_state	 cs = { s, 0, 0 };
	struct pam_conv		 conv = { conversation, &cs };
	pam_handle_t		*pamh = NULL;
	int			 rv;

	rv = pam_start(s->conf->pam_service, s->login, &conv, &pamh);
	if (rv == PAM_SUCCESS)
		rv = pam_set_item(pamh, PAM_RUSER, s->login);
	if (rv == PAM_SUCCESS)
		rv = pam_acct_mgmt(pamh, PAM_DISALLOW_NULL_AUTHTOK);
	if (pamh != NULL)
		pam_end(pamh, rv);
	if (rv != PAM_SUCCESS) {
		if (s->groups != NULL)
			strv_free(s->groups, s->ngroups);
		s->groups = NULL;
		s->ngroups = 0;
		slog("session %s: login of %s by its own account (uid %lu) "
		    "refused: %s", s->id, s->login,
		    (unsigned long)s->peer_uid, pam_strerror(NULL, rv));
		xerr_set(e, XE_DENIED, "Login refused: PAM's account check "
		    "failed (%s)", pam_strerror(NULL, rv));
		return -1;
	}
	snprintf(s->member, sizeof(s->member), "%s", s->login);
	return 0;
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

	/* One login: a member's own account is not asked again. */
	if ((user[0] == '\0' || strcmp(user, s->login) == 0) &&
	    peer_is_member(s))
		return peer_login(s, e);
	if (user[0] == '\0') {
		if (relay(&cs, PROMPT_ECHO_ON, "xlsh login: ", &asked) == -1)
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
