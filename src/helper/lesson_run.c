/*
 * A lesson under way: its steps shown, checked and moved on.  After
 * each request (lesson_after) the member's current step is checked
 * against the host; a step whose checks hold is done, and the next is
 * shown.  A member with no lesson under way costs one read of the
 * lesson table per session, at its first request, and nothing after.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "session.h"

/*
 * One paragraph of prose, with ${user} as the member, after a prefix;
 * the shell wraps it (TEXT_LESSON) to its terminal.
 */
int
lesson_say(struct session *s, const char *prefix, const char *text,
    const char *suffix)
{
	char	*x = lesson_expand(text, s->member);
	int	 rv;

	rv = reply_text(s, TEXT_LESSON, "%s%s%s\n", prefix, x, suffix);
	free(x);
	return rv;
}

/* The prompt's tag: the lesson and the step under way, if any. */
void
lesson_tag(struct session *s, const struct progress *p)
{
	s->lesson_seen = 1;
	s->lesson_cur = p != NULL ? p->lesson : 0;
	if (p != NULL && p->step < p->nsteps)
		snprintf(s->lesson_tag, sizeof(s->lesson_tag), "L%u.%u",
		    p->lesson, p->step + 1);
	else
		s->lesson_tag[0] = '\0';
}

/* The step under way, or the lesson's end. */
void
lesson_show(struct session *s, const struct lesson *l,
    const struct progress *p)
{
	const struct step	*st;
	char			 head[96];

	if (p->step >= l->nsteps) {
		reply_text(s, TEXT_LESSON, "Lesson %u is complete. 'lesson' "
		    "lists the lessons; 'lesson reset %u' begins this one "
		    "again.\n", l->number, l->number);
		return;
	}
	st = &l->steps[p->step];
	snprintf(head, sizeof(head), "\nLesson %u, step %u of %zu: ",
	    l->number, p->step + 1, l->nsteps);
	lesson_say(s, head, st->title, "");
	lesson_say(s, "  ", st->todo, "");
	if (st->why != NULL)
		lesson_say(s, "  Why: ", st->why, "");
	reply_text(s, TEXT_LESSON, "  (%s)\n", lesson_asks(st) ?
	    "answer with 'lesson answer WORD'; 'lesson hint' helps" :
	    "the step is done when the host is so; 'lesson hint' helps");
}

/*
 * Check the step under way, and the next while they hold: each done
 * is said, and, if any was, what comes next.  p is saved, if it
 * changed, as long as no other session moved it on meanwhile.  The
 * number of steps done, or -1.
 */
int
lesson_advance(struct session *s, const struct lesson *l,
    struct progress *p, struct xerr *e)
{
	struct progress	 was;
	char		 head[64];
	int		 rc, done = 0;

	p->nsteps = (unsigned int)l->nsteps;
	while (p->step < l->nsteps) {
		was = *p;
		if ((rc = lesson_step_holds(s, &l->steps[p->step], p,
		    e)) == -1)
			return -1;
		if (rc == 1) {
			p->step++;
			p->hints = 0;
			p->memo[0] = '\0';
		}
		if (rc == 0 && strcmp(was.memo, p->memo) == 0)
			break;
		if ((rc = progress_set(s->db, p, was.step, e)) == -1)
			return -1;
		if (rc == 0)
			return done;	/* another session's, now */
		if (p->step == was.step)
			break;
		snprintf(head, sizeof(head), "Done: step %u of lesson %u, ",
		    was.step + 1, l->number);
		lesson_say(s, head, l->steps[was.step].title, ".");
		done++;
	}
	if (done > 0)
		lesson_show(s, l, p);
	lesson_tag(s, p);
	return done;
}

/*
 * After a request: the current step checked against the host as it
 * is now.  What goes wrong here is logged, not the request's failure.
 */
void
lesson_after(struct session *s)
{
	struct progress	 p;
	struct lesson	*l = NULL;
	struct xerr	 e;
	int		 rc;

	if (s->db == NULL || (s->lesson_seen && s->lesson_cur == 0))
		return;
	memset(&e, 0, sizeof(e));
	if ((rc = progress_current(s->db, s->member, &p, &e)) == -1)
		goto out;
	lesson_tag(s, rc == 1 ? &p : NULL);
	if (rc == 0 || p.step >= p.nsteps)
		return;
	if (lesson_load(s->conf->lessons_dir, p.lesson, &l, &e) == -1)
		goto out;
	if (lesson_advance(s, l, &p, &e) == -1)
		goto out;
	lesson_free(l);
	free(l);
	return;
out:
	if (l != NULL) {
		lesson_free(l);
		free(l);
	}
	slog("session %s: lesson: %s", s->id, e.msg);
}
