/* ui_lesson.c - the built-in lesson text the tutorial opens with, and its
 * word wrapping for the lesson pane.
 *
 * The text is plain ASCII so it reads the same in every locale. A line
 * starting with "# " is a heading; "- " and "1. " start list items, whose
 * continuation lines hang under the item's text; a blank line separates
 * paragraphs.
 */
#include <string.h>

#include "ui_impl.h"

static const struct {
	const char *title;
	const char *text;
} lessons[] = {
	{ "Welcome",
	  "# Why max(x, 0)?\n"
	  "\n"
	  "ReLU is max(x, 0). Why not max(x, -1), or a smooth S-curve like the "
	  "sigmoid, or something else that was tried? The lab answers by "
	  "experiment: it plots an activation f and its slope f', and stacks f "
	  "into a chain of layers to show what happens to the gradient d out/dx "
	  "on its way back through them.\n"
	  "\n"
	  "Try this:\n"
	  "1. Press a, pick sigmoid, then press + a few times. Each layer "
	  "multiplies the gradient by at most 0.25: by depth 10 it has vanished. "
	  "The strip under the plot shows at which layer.\n"
	  "2. Press a and pick relu. At x > 0 the gradient passes through any "
	  "depth (hold + to go up to 100000). Press H to move x below 0: now it is "
	  "dead, exactly 0.\n"
	  "3. Press a, pick leaky_relu, keep x < 0 and press } to raise the "
	  "slope: the gradient survives, shrinking by the slope at each layer.\n"
	  "4. max is relu with its floor moved: [ and ] move the floor. Try -1.\n"
	  "\n"
	  "Keys: h/l or the arrows move x (H/L: bigger steps), [ ] the "
	  "parameter, - + the depth, < > the gain, Tab the next function, "
	  "g the f' curve, z/Z zoom, 0 reset, w the layout, j/k scroll this "
	  "text, n the next page, ? all keys, q quit.\n" },
	{ "What the lab shows",
	  "# What the lab shows\n"
	  "\n"
	  "The plot: f solid, f' dashed, a marker at the current x, and a band "
	  "under the x values where |f'| < 0.1. There f is saturated: a layer "
	  "passes back less than a tenth of the gradient it receives.\n"
	  "\n"
	  "The chain: h0 = x, then for each layer k = 1..depth, "
	  "h_k = f(gain * h_(k-1) + bias). Its output is h_depth, and d out/dx "
	  "is the product of gain * f'(z_k) over the layers: what "
	  "backpropagation carries back to x.\n"
	  "\n"
	  "The state of d out/dx:\n"
	  "- passes: between 1e-6 and 1e6 in size;\n"
	  "- vanishes: below 1e-6, too small to learn from;\n"
	  "- explodes: above 1e6;\n"
	  "- dead: exactly 0, so no step of training moves x at all.\n"
	  "Gradients far below the range of a double are still shown exactly, "
	  "from a sum of logarithms.\n"
	  "\n"
	  "The strip: |dh_k/dx| for each layer k, on a log scale, so you see "
	  "where the gradient dies. When the depth is larger than the strip is "
	  "wide, each column shows the gradient after its last layer.\n" },
};

#define N_LESSONS ((int)(sizeof lessons / sizeof lessons[0]))

int ui_lesson_count(void)
{
	return N_LESSONS;
}

const char *ui_lesson_title(int i)
{
	return i >= 0 && i < N_LESSONS ? lessons[i].title : "";
}

/* Width of a list marker at the start of s ("- ", "12. "), or 0. */
static int list_marker(const char *s, int len)
{
	if (len >= 2 && s[0] == '-' && s[1] == ' ')
		return 2;
	int d = 0;
	while (d < len && d < 3 && s[d] >= '0' && s[d] <= '9')
		d++;
	if (d > 0 && d + 1 < len && s[d] == '.' && s[d + 1] == ' ')
		return d + 2;
	return 0;
}

/* Wrap one source line: the first output line starts at indent 0, the
 * rest at hang. */
static int wrap_line(const char *s, int len, int width, int hang, bool heading,
                     int n, ui_line_fn line, void *ctx)
{
	int indent = 0;
	if (len == 0) {
		line(ctx, n++, s, 0, 0, false);
		return n;
	}
	while (len > 0) {
		int room = width - indent;
		if (room < 1)
			room = 1;
		int take = len;
		if (len > room) {
			/* break after the last space that fits; a word longer
			 * than the line is cut */
			take = room;
			for (int k = room; k > 0; k--) {
				if (s[k] == ' ') {
					take = k;
					break;
				}
			}
		}
		int shown = take;
		while (shown > 0 && s[shown - 1] == ' ')
			shown--;
		line(ctx, n++, s, shown, indent, heading);
		s += take;
		len -= take;
		while (len > 0 && *s == ' ') {
			s++;
			len--;
		}
		indent = hang;
	}
	return n;
}

int ui_lesson_wrap(int i, int width, ui_line_fn line, void *ctx)
{
	if (i < 0 || i >= N_LESSONS || width < 1)
		return 0;
	const char *s = lessons[i].text;
	int n = 0;
	while (*s) {
		const char *e = strchr(s, '\n');
		int len = e ? (int)(e - s) : (int)strlen(s);
		bool heading = len >= 2 && s[0] == '#' && s[1] == ' ';
		const char *t = heading ? s + 2 : s;
		int tl = heading ? len - 2 : len;
		int hang = heading ? 0 : list_marker(t, tl);
		if (hang > width / 2)
			hang = 0;
		n = wrap_line(t, tl, width, hang, heading, n, line, ctx);
		s += len;
		if (*s == '\n')
			s++;
	}
	return n;
}
