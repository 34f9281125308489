/*
 * The lesson verb: the lessons and the member's progress in each, a
 * lesson started or resumed, a hint, an answer, a lesson begun again,
 * and, for instructors, every member's progress (lesson status).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "lesson.h"
#include "session.h"

/* The least role that sees others' progress (lesson status). */
#define LESSON_STATUS_ROLE	ROLE_POOL_OPERATOR

static int	lesson_list(struct session *, struct xerr *);
static int	lesson_start(struct session *, unsigned int, struct xerr *);
static int	lesson_hint(struct session *, struct xerr *);
static int	lesson_give(struct session *, const char *, struct xerr *);
static int	lesson_reset(struct session *, unsigned int, struct xerr *);
static int	lesson_status(struct session *, const char *, struct xerr *);

/* A lesson's number, 1..LESSON_MAX; 0 if the word is none. */
static unsigned int
number(const char *w)
{
	uint64_t	n;

	if (w == NULL || parse_uint(w, LESSON_MAX, &n) == -1)
		return 0;
	return (unsigned int)n;
}

static void
drop(struct lesson *l)
{
	lesson_free(l);
	free(l);
}

static int
lesson_list(struct session *s, struct xerr *e)
{
	struct progress	 p;
	struct lesson	*l;
	struct xerr	 le;
	unsigned int	*nums;
	size_t		 n, i;
	char		 state[32];
	int		 rc;

	if (lesson_numbers(s->conf->lessons_dir, &nums, &n) == -1) {
		xerr_set(e, XE_STATE, "lesson: cannot read %s",
		    s->conf->lessons_dir);
		return -1;
	}
	/* The step under way, checked first: it may be done by now. */
	lesson_after(s);
	if (n == 0)
		reply_text(s, TEXT_STDOUT, "No lessons are installed.\n");
	for (i = 0; i < n; i++) {
		if (lesson_load(s->conf->lessons_dir, nums[i], &l, &le) == -1) {
			reply_text(s, TEXT_STDERR, "lesson %u: %s\n", nums[i],
			    le.msg);
			continue;
		}
		if ((rc = progress_get(s->db, s->member, nums[i], &p, e)) ==
		    -1) {
			drop(l);
			free(nums);
			return -1;
		}
		if (rc == 0)
			snprintf(state, sizeof(state), "new");
		else if (p.step >= l->nsteps)
			snprintf(state, sizeof(state), "done");
		else
			snprintf(state, sizeof(state), "%u/%zu", p.step,
			    l->nsteps);
		reply_text(s, TEXT_STDOUT, "%c%2u %-5s %s\n", rc == 1 &&
		    p.current ? '*' : ' ', nums[i], state, l->title);
		drop(l);
	}
	if (n > 0)
		reply_text(s, TEXT_LESSON, "'lesson N' starts or resumes "
		    "lesson N (* is yours under way); 'help lesson' says "
		    "more.\n");
	free(nums);
	return 0;
}

static int
lesson_start(struct session *s, unsigned int n, struct xerr *e)
{
	struct progress	 p;
	struct lesson	*l;
	char		 head[32];
	int		 rc;

	if (lesson_load(s->conf->lessons_dir, n, &l, e) == -1)
		return -1;
	if ((rc = progress_get(s->db, s->member, n, &p, e)) == -1)
		goto out;
	if (rc == 0) {
		memset(&p, 0, sizeof(p));
		snprintf(p.member, sizeof(p.member), "%s", s->member);
		p.lesson = n;
	}
	p.nsteps = (unsigned int)l->nsteps;
	if (p.step > p.nsteps)
		p.step = p.nsteps;
	if ((rc = progress_start(s->db, &p, e)) == -1)
		goto out;
	snprintf(head, sizeof(head), "Lesson %u: ", n);
	lesson_say(s, head, l->title, "");
	if (p.step == 0 && l->text != NULL)
		lesson_say(s, "", l->text, "");
	lesson_show(s, l, &p);
	rc = lesson_advance(s, l, &p, e) == -1 ? -1 : 0;
out:
	drop(l);
	return rc;
}

/* The member's lesson under way, loaded; 0 and e set if there is none. */
static int
under_way(struct session *s, struct progress *p, struct lesson **l,
    struct xerr *e)
{
	int	rc;

	*l = NULL;
	if ((rc = progress_current(s->db, s->member, p, e)) == -1)
		return -1;
	if (rc == 0 || p->step >= p->nsteps) {
		lesson_tag(s, rc == 1 ? p : NULL);
		xerr_set(e, XE_STATE, "lesson: no lesson under way; 'lesson' "
		    "lists them, 'lesson N' starts one");
		return -1;
	}
	if (lesson_load(s->conf->lessons_dir, p->lesson, l, e) == -1)
		return -1;
	if (p->step >= (*l)->nsteps) {
		drop(*l);
		*l = NULL;
		xerr_set(e, XE_STATE, "lesson %u has changed; 'lesson %u' "
		    "resumes it", p->lesson, p->lesson);
		return -1;
	}
	return 0;
}

static int
lesson_hint(struct session *s, struct xerr *e)
{
	struct progress	 p;
	struct lesson	*l;
	const struct step *st;
	char		*x;
	unsigned int	 k;
	int		 rc = -1;

	if (under_way(s, &p, &l, e) == -1)
		return -1;
	/* Done already?  Then that is the news, not a hint. */
	if ((rc = lesson_advance(s, l, &p, e)) != 0)
		goto out;
	st = &l->steps[p.step];
	k = p.hints < st->nhints ? p.hints + 1 : (unsigned int)st->nhints;
	x = lesson_expand(st->hints[k - 1], s->member);
	reply_text(s, TEXT_LESSON, "Hint %u of %zu: %s\n", k, st->nhints, x);
	free(x);
	rc = 0;
	if (k != p.hints) {
		p.hints = k;
		rc = progress_set(s->db, &p, p.step, e) == -1 ? -1 : 0;
	}
out:
	drop(l);
	return rc == -1 ? -1 : 0;
}

static int
lesson_give(struct session *s, const char *word, struct xerr *e)
{
	struct progress	 p;
	struct lesson	*l;
	unsigned int	 from;
	int		 rc;

	if (under_way(s, &p, &l, e) == -1)
		return -1;
	/* 1 right, 0 wrong (e says so), -1 an error. */
	if ((rc = lesson_answer(s, &l->steps[p.step], word, e)) != 1)
		goto out;
	from = p.step++;
	p.hints = 0;
	p.memo[0] = '\0';
	reply_text(s, TEXT_LESSON, "Right: %s is the answer.\n", word);
	if ((rc = progress_set(s->db, &p, from, e)) == 1) {
		reply_text(s, TEXT_LESSON, "Done: step %u of lesson %u.\n",
		    from + 1, p.lesson);
		lesson_show(s, l, &p);
		rc = lesson_advance(s, l, &p, e) == -1 ? -1 : 1;
	} else if (rc == 0) {
		/* Another session moved the lesson on meanwhile. */
		reply_text(s, TEXT_LESSON, "(Your lesson moved on in another "
		    "session: 'lesson %u' shows where.)\n", p.lesson);
		rc = 1;
	}
out:
	drop(l);
	return rc == 1 ? 0 : -1;
}

static int
lesson_reset(struct session *s, unsigned int n, struct xerr *e)
{
	struct progress	p;
	int		rc;

	if ((rc = progress_get(s->db, s->member, n, &p, e)) == -1)
		return -1;
	if (rc == 0) {
		xerr_set(e, XE_NOTFOUND, "lesson: you have not begun lesson "
		    "%u", n);
		return -1;
	}
	if (progress_reset(s->db, s->member, n, e) == -1)
		return -1;
	if (p.current)
		lesson_tag(s, NULL);
	reply_text(s, TEXT_LESSON, "Lesson %u begins again: 'lesson %u' "
	    "starts it.\n", n, n);
	return 0;
}

/* Every member's progress, or one's: for instructors only. */
static int
lesson_status(struct session *s, const char *member, struct xerr *e)
{
	struct progress	*v;
	size_t		 n, i;

	if (s->role < LESSON_STATUS_ROLE) {
		xerr_set(e, XE_DENIED, "permission denied: lesson status "
		    "is for instructors (role %s or above)",
		    role_name(LESSON_STATUS_ROLE));
		return -1;
	}
	if (member != NULL && !valid_member_name(member)) {
		xerr_set(e, XE_USAGE, "lesson status: '%s' is not a member's "
		    "name", member);
		return -1;
	}
	if (progress_list(s->db, member, &v, &n, e) == -1)
		return -1;
	reply_text(s, TEXT_STDOUT, "%-20s %6s %7s %5s\n", "MEMBER", "LESSON",
	    "STEPS", "HINTS");
	for (i = 0; i < n; i++)
		reply_text(s, TEXT_STDOUT, "%-20s %5u%c %3u/%-3u %5u\n",
		    v[i].member, v[i].lesson, v[i].current ? '*' : ' ',
		    v[i].step, v[i].nsteps, v[i].hints);
	free(v);
	return 0;
}

static int
dispatch(struct session *s, const struct request *req, struct xerr *e)
{
	const char	*a = req->nargs > 0 ? req->args[0].str : NULL;
	const char	*b = req->nargs > 1 ? req->args[1].str : NULL;
	unsigned int	 n;

	if (a == NULL)
		return lesson_list(s, e);
	if ((n = number(a)) != 0 && b == NULL)
		return lesson_start(s, n, e);
	if (strcmp(a, "hint") == 0 && b == NULL)
		return lesson_hint(s, e);
	if (strcmp(a, "answer") == 0 && b != NULL)
		return lesson_give(s, b, e);
	if (strcmp(a, "reset") == 0 && (n = number(b)) != 0)
		return lesson_reset(s, n, e);
	if (strcmp(a, "status") == 0)
		return lesson_status(s, b, e);
	xerr_set(e, XE_USAGE, "lesson: expected N (1 to %d), hint, answer "
	    "WORD, reset N or status [MEMBER]", LESSON_MAX);
	return -1;
}

/*
 * The lesson verb reads the member's progress afresh (another session
 * may have moved it), and leaves the prompt's tag as it is now.
 */
int
srv_lesson(struct session *s, const struct request *req, struct xerr *e)
{
	int	rv;

	if (backend_ready(s, e) == -1)
		return -1;
	s->lesson_seen = 0;
	rv = dispatch(s, req, e);
	if (!s->lesson_seen)
		lesson_after(s);
	return rv;
}
