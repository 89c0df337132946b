/* ui_views.c - the table of the lab pane's views, and what goes with every
 * view alike: finding one by name, which one is shown, showing one, their
 * private states, and letting go of one no longer drawn.
 */
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>

#include "ui_impl.h"

extern const view_ops view_plot, view_chain, view_net, view_cost, view_train;

/* In `view`'s order (cmd.c's view words); the first is a lesson's. */
static const view_ops *const views[] = {
	&view_plot, &view_chain, &view_net, &view_cost, &view_train,
};
#define N_VIEWS (int)(sizeof views / sizeof views[0])
_Static_assert(sizeof views / sizeof views[0] <= UI_VIEWS_MAX, "raise UI_VIEWS_MAX");

const view_ops *ui_view_at(int i)
{
	return i >= 0 && i < N_VIEWS ? views[i] : NULL;
}

const view_ops *ui_view_named(const char *name)
{
	for (int i = 0; i < N_VIEWS; i++)
		if (!strcmp(views[i]->name, name))
			return views[i];
	return NULL;
}

const view_ops *ui_view_shown(const ui *u)
{
	if (u->ncompare > 0 && u->view->gives_way_to_compare)
		return views[0];
	return u->view;
}

void ui_view_show(ui *u, const view_ops *v)
{
	if (u->layout == UI_LESSON_ONLY)
		u->layout = UI_BOTH;   /* the lab changes: show it */
	u->view = v;
	/* asked for by name, it is shown: a comparison drawn in its place ends */
	if (v->gives_way_to_compare)
		u->ncompare = 0;
	if (v->enter)
		v->enter(u);
}

static int index_of(const view_ops *v)
{
	for (int i = 0; i < N_VIEWS; i++)
		if (views[i] == v)
			return i;
	return -1;
}

void *ui_view_state(const ui *u, const view_ops *v)
{
	int i = index_of(v);
	return i < 0 ? NULL : u->view_state[i];
}

int ui_views_start(ui *u)
{
	u->view = u->drawn_view = views[0];
	for (int i = 0; i < N_VIEWS; i++) {
		size_t size = views[i]->state_size ? views[i]->state_size : 1;
		if (!(u->view_state[i] = calloc(1, size)))
			return -1;
	}
	return 0;
}

void ui_views_free(ui *u)
{
	for (int i = 0; i < N_VIEWS; i++) {
		if (u->view_state[i] && views[i]->free)
			views[i]->free(u);
		free(u->view_state[i]);
		u->view_state[i] = NULL;
	}
}

/* A view left: what only it needed goes (the network, its thread and
 * BLAS: megabytes a class on one server need not keep for every student),
 * and the memory freed goes back to the system. */
void ui_views_leave(ui *u)
{
	if (u->view == u->drawn_view)
		return;
	if (u->drawn_view && u->drawn_view->leave)
		u->drawn_view->leave(u);
	u->drawn_view = u->view;
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}
