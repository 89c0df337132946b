/* act.c - the activation catalogue: formulas, parameters, f and f'.
 *
 * Every function is accurate to about 1e-13 relative for every finite x,
 * which takes some care where the naive formula cancels or overflows:
 * expm1/log1p for the exponential families, series near 0 (tanhshrink) and
 * near the interior zeros of f' (gelu, gelu_tanh, silu, mish), and sigmoid
 * forms that never divide infinity by infinity. At kinks f' is the value
 * PyTorch's autograd gives there.
 */
#include "act.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "act_consts.h"
#include "num.h"
#include "util.h"

/* ---- shared pieces ---------------------------------------------------- */

/* sigma(x) = 1/(1+e^-x), without overflow and without cancellation. */
static double sigmoid(double x)
{
	if (x >= 0)
		return 1.0 / (1.0 + exp(-x));
	double e = exp(x);
	return e / (1.0 + e);
}

/* exp(-x*x), with the rounding error of x*x taken into account. */
static double exp_neg_sq(double x)
{
	double s = x * x;
	if (!(s < 800.0))
		return 0.0;
	double lo = fma(x, x, -s);
	return exp(-s) * (1.0 - lo);
}

/* f'(x) near a root r = hi + lo of f': sum c_k d^k, d = x - r. */
static double root_series(double x, double hi, double lo, const double *c)
{
	double d = (x - hi) - lo;
	double s = c[ACT_ROOT_TERMS - 1];
	for (int k = ACT_ROOT_TERMS - 2; k >= 0; k--)
		s = s * d + c[k];
	return s * d;
}

static int near_root(double x, double hi)
{
	return fabs(x - hi) < ACT_ROOT_RADIUS;
}

/* Where f and f' share their expensive parts (an exp, a log1p), one
 * function computes both, the row's f and df are thin wrappers, and the
 * depth chain calls the pair once per layer. */
#define FDF_WRAPPERS(name)                                              \
	static double name##_f(double x, double p)                      \
	{                                                               \
		double f, df;                                           \
		name##_fdf(x, p, &f, &df);                              \
		return f;                                               \
	}                                                               \
	static double name##_df(double x, double p)                     \
	{                                                               \
		double f, df;                                           \
		name##_fdf(x, p, &f, &df);                              \
		return df;                                              \
	}

/* ---- piecewise linear family ----------------------------------------- */

static double identity_f(double x, double p) { (void)p; return x; }
static double identity_df(double x, double p) { (void)x; (void)p; return 1.0; }

static double step_f(double x, double p) { (void)p; return x > 0 ? 1.0 : 0.0; }
static double step_df(double x, double p) { (void)x; (void)p; return 0.0; }

static double relu_f(double x, double p) { (void)p; return x > 0 ? x : 0.0; }
static double relu_df(double x, double p) { (void)p; return x > 0 ? 1.0 : 0.0; }

/* torch.maximum splits the gradient at a tie. */
static double max_f(double x, double c) { return x > c ? x : c; }
static double max_df(double x, double c) { return x > c ? 1.0 : x == c ? 0.5 : 0.0; }

static double leaky_f(double x, double s) { return x > 0 ? x : s * x; }
static double leaky_df(double x, double s) { return x > 0 ? 1.0 : s; }

#define RRELU_SLOPE ((1.0 / 8.0 + 1.0 / 3.0) / 2.0)
static double rrelu_f(double x, double p) { (void)p; return leaky_f(x, RRELU_SLOPE); }
static double rrelu_df(double x, double p) { (void)p; return leaky_df(x, RRELU_SLOPE); }

static double relu6_f(double x, double p) { (void)p; return x <= 0 ? 0.0 : x >= 6 ? 6.0 : x; }
static double relu6_df(double x, double p) { (void)p; return x > 0 && x < 6 ? 1.0 : 0.0; }

static double hardtanh_f(double x, double p) { (void)p; return x <= -1 ? -1.0 : x >= 1 ? 1.0 : x; }
static double hardtanh_df(double x, double p) { (void)p; return x > -1 && x < 1 ? 1.0 : 0.0; }

static double hardsigmoid_f(double x, double p)
{
	(void)p;
	return x <= -3 ? 0.0 : x >= 3 ? 1.0 : (x + 3.0) / 6.0;
}
static double hardsigmoid_df(double x, double p) { (void)p; return x > -3 && x < 3 ? 1.0 / 6.0 : 0.0; }

static double hardswish_f(double x, double p)
{
	(void)p;
	return x <= -3 ? 0.0 : x >= 3 ? x : x * (x + 3.0) / 6.0;
}
/* PyTorch's hardswish_backward takes the parabola's slope on the closed
 * interval [-3, 3]: -0.5 at -3 and 1.5 at 3, though f is flat below and of
 * slope 1 above. (2x + 3)/6 rather than its x/3 + 1/2: the same at both ends,
 * exact near the root -1.5, where x/3 + 1/2 cancels. */
static double hardswish_df(double x, double p)
{
	(void)p;
	return x < -3 ? 0.0 : x <= 3 ? (2.0 * x + 3.0) / 6.0 : 1.0;
}

static double softshrink_f(double x, double l) { return x > l ? x - l : x < -l ? x + l : 0.0; }
static double shrink_df(double x, double l) { return x > l || x < -l ? 1.0 : 0.0; }
static double hardshrink_f(double x, double l) { return x > l || x < -l ? x : 0.0; }

/* ---- exponential family ----------------------------------------------- */

static double elu_f(double x, double a) { return x > 0 ? x : a * expm1(x); }
static double elu_df(double x, double a) { return x > 0 ? 1.0 : a * exp(x); }

/* x/alpha = q + r/alpha exactly (r from fma); the correction keeps the
 * rounding of x/alpha from being amplified by |x/alpha| in exp. */
static double celu_f(double x, double a)
{
	if (x > 0)
		return x;
	double q = x / a, r = isfinite(q) ? fma(-q, a, x) / a : 0.0;
	return a * (expm1(q) + exp(q) * r);
}
static double celu_df(double x, double a)
{
	if (x > 0)
		return 1.0;
	double q = x / a, r = isfinite(q) ? fma(-q, a, x) / a : 0.0;
	return exp(q) * (1.0 + r);
}

#define SELU_SCALE 1.0507009873554804934193349852946
static double selu_f(double x, double p) { (void)p; return x > 0 ? SELU_SCALE * x : selu_scale_alpha * expm1(x); }
static double selu_df(double x, double p) { (void)p; return x > 0 ? SELU_SCALE : selu_scale_alpha * exp(x); }

/* beta*x = z + z_lo exactly; exp(z + z_lo) = exp(z)(1 + z_lo). Without the
 * low part the rounding of beta*x is amplified by |beta*x| in the tails. */
static void softplus_fdf(double x, double b, double *f, double *df)
{
	double z = b * x, z_lo = isfinite(z) ? fma(b, x, -z) : 0.0;
	double e = exp(-fabs(z));
	if (z > 0) {
		double t = e * (1.0 - z_lo);
		*f = x + log1p(t) / b;
		*df = 1.0 / (1.0 + t);
	} else {
		/* at z == 0, z_lo is 0 too: both branches agree */
		double t = e * (1.0 + z_lo);
		*f = log1p(t) / b;
		*df = t / (1.0 + t);
	}
}
FDF_WRAPPERS(softplus)

static void logsigmoid_fdf(double x, double p, double *f, double *df)
{
	(void)p;
	double e = exp(-fabs(x));
	if (x < 0) {
		*f = x - log1p(e);
		*df = 1.0 / (1.0 + e);
	} else {
		*f = -log1p(e);
		*df = e / (1.0 + e);
	}
}
FDF_WRAPPERS(logsigmoid)

static void sigmoid_fdf(double x, double p, double *f, double *df)
{
	(void)p;
	double e = exp(-fabs(x));
	*f = x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
	*df = e / ((1.0 + e) * (1.0 + e));
}
FDF_WRAPPERS(sigmoid)

static double tanh_f(double x, double p) { (void)p; return tanh(x); }
static double tanh_df(double x, double p)
{
	(void)p;
	double e = exp(-2.0 * fabs(x));
	return 4.0 * e / ((1.0 + e) * (1.0 + e));
}

static double tanhshrink_f(double x, double p)
{
	(void)p;
	if (fabs(x) >= 0.25)
		return x - tanh(x);
	double x2 = x * x, s = tanhshrink_c[12];
	for (int i = 11; i >= 0; i--)
		s = s * x2 + tanhshrink_c[i];
	return s * x2 * x;
}
static double tanhshrink_df(double x, double p) { (void)p; double t = tanh(x); return t * t; }

/* ---- smooth gates ----------------------------------------------------- */

/* Phi(x) = erfc(-x/sqrt2)/2. The argument is formed in double-double and its
 * low part applied as a first-order correction: deep in the left tail a
 * rounding of the argument would be amplified by 2t^2. */
static double normal_cdf(double x)
{
	double t = -x * sqrt_half_hi;
	double t_lo = fma(-x, sqrt_half_hi, -t) - x * sqrt_half_lo;
	double r = 0.5 * erfc(t);
	if (t > 1.0 && r > 0)  /* r == 0: t is huge and 2t*t_lo may overflow */
		r *= 1.0 - t_lo * (2.0 * t + 1.0 / t);
	return r;
}

static void gelu_fdf(double x, double p, double *f, double *df)
{
	(void)p;
	double cdf = normal_cdf(x);
	*f = x * cdf;
	if (near_root(x, gelu_root_hi)) {
		*df = root_series(x, gelu_root_hi, gelu_root_lo, gelu_root_c);
		return;
	}
	double s = x * x;
	double phi = 0.0;
	if (s < 1600.0)
		phi = exp(-0.5 * s) * (1.0 - 0.5 * fma(x, x, -s)) * inv_sqrt_2pi;
	*df = cdf + x * phi;
}
FDF_WRAPPERS(gelu)

/* gelu_tanh = x (1 + tanh u)/2 = x sigma(2u), u = sqrt(2/pi)(x + k x^3).
 * 2u is formed with its low part z_lo (error-free products and sums): in the
 * left tail sigma(2u) ~ e^(2u), which turns a rounding of 2u into a relative
 * error |2u| times larger. */
static double gelu_tanh_z(double x, double *z_lo)
{
	double x2 = x * x, x3 = x2 * x;
	if (!isfinite(x3)) {
		*z_lo = 0.0;
		return 2.0 * sqrt_2_over_pi * (x + gelu_tanh_k * x3);
	}
	double x3_lo = fma(x2, x, -x3) + fma(x, x, -x2) * x;
	double t = gelu_tanh_k * x3;
	double t_lo = fma(gelu_tanh_k, x3, -t) + gelu_tanh_k * x3_lo + gelu_tanh_k_lo * x3;
	double s = x + t, bb = s - x;
	double s_lo = (x - (s - bb)) + (t - bb) + t_lo;
	double u = sqrt_2_over_pi * s;
	double u_lo = fma(sqrt_2_over_pi, s, -u) + sqrt_2_over_pi * s_lo + sqrt_2_over_pi_lo * s;
	*z_lo = 2.0 * u_lo;
	return 2.0 * u;
}

/* e^-|z + z_lo|, to first order in z_lo */
static double exp_neg_abs(double z, double z_lo)
{
	return exp(-fabs(z)) * (1.0 - (z >= 0 ? z_lo : -z_lo));
}

static void gelu_tanh_fdf(double x, double p, double *f, double *df)
{
	(void)p;
	double z_lo, z = gelu_tanh_z(x, &z_lo), e = exp_neg_abs(z, z_lo);
	double sig = z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
	*f = x * sig;
	if (near_root(x, gelu_tanh_root_hi)) {
		*df = root_series(x, gelu_tanh_root_hi, gelu_tanh_root_lo, gelu_tanh_root_c);
		return;
	}
	double slope = e / ((1.0 + e) * (1.0 + e));
	double rest = 0.0;
	if (slope > 0) /* else x * u' * slope is far below 1e-300, and may be inf*0 */
		rest = x * 2.0 * sqrt_2_over_pi * (1.0 + 3.0 * gelu_tanh_k * x * x) * slope;
	*df = sig + rest;
}
FDF_WRAPPERS(gelu_tanh)

static void silu_fdf(double x, double p, double *f, double *df)
{
	(void)p;
	double e = exp(-fabs(x)), s, one_minus_s;
	if (x >= 0) {
		s = 1.0 / (1.0 + e);
		one_minus_s = e / (1.0 + e);
	} else {
		s = e / (1.0 + e);
		one_minus_s = 1.0 / (1.0 + e);
	}
	*f = x * s;
	if (near_root(x, silu_root_hi))
		*df = root_series(x, silu_root_hi, silu_root_lo, silu_root_c);
	else
		*df = s * (1.0 + x * one_minus_s);
}
FDF_WRAPPERS(silu)

/* tanh(softplus(x)) and sech^2(softplus(x)) in closed form: with e = e^x,
 * tanh(log(1+e)) = e(e+2)/(e(e+2)+2); for x > 0 in terms of g = e^-x so
 * nothing overflows. */
static void mish_parts(double x, double *t, double *sech2)
{
	if (x <= 0) {
		double e = exp(x), n = e * (e + 2.0), d = n + 2.0;
		double q = (1.0 + e) * (1.0 + e);
		*t = n / d;
		*sech2 = 4.0 * q / (d * d);
	} else {
		double g = exp(-x), a = (1.0 + g) * (1.0 + g), d = a + g * g;
		*t = (1.0 + 2.0 * g) / d;
		*sech2 = 4.0 * a * g * g / (d * d);
	}
}
static void mish_fdf(double x, double p, double *f, double *df)
{
	(void)p;
	double t, s2;
	mish_parts(x, &t, &s2);
	*f = x * t;
	if (near_root(x, mish_root_hi))
		*df = root_series(x, mish_root_hi, mish_root_lo, mish_root_c);
	else
		*df = t + x * (s2 * sigmoid(x));
}
FDF_WRAPPERS(mish)

static double softsign_f(double x, double p) { (void)p; return x / (1.0 + fabs(x)); }
static double softsign_df(double x, double p)
{
	(void)p;
	double d = 1.0 + fabs(x);
	return 1.0 / d / d;
}

/* ---- others ----------------------------------------------------------- */

static double sine_f(double x, double p) { (void)p; return sin(x); }
static double sine_df(double x, double p) { (void)p; return cos(x); }

static void gaussian_fdf(double x, double p, double *f, double *df)
{
	(void)p;
	double g = exp_neg_sq(x);
	*f = g;
	*df = g == 0 ? 0.0 : -2.0 * x * g;
}
FDF_WRAPPERS(gaussian)

static double arctan_f(double x, double p) { (void)p; return atan(x); }
static double arctan_df(double x, double p) { (void)p; return 1.0 / (1.0 + x * x); }

/* ---- the table -------------------------------------------------------- */

#define NOPARAM { NULL, 0, 0, 0, false, 0, 0 }

static const act_def table[] = {
	{ "relu", { NULL }, "max(x, 0)", "max(x, 0)",
	  "rectified linear unit: passes x > 0, zeroes the rest",
	  NOPARAM, relu_f, relu_df, NULL, false },
	{ "max", { NULL }, "max(x, floor)", "max(x, floor)",
	  "res.max(tensor(floor)): relu with the floor moved",
	  { "floor", 0.0, -10.0, 10.0, false, 0.1, 1.0 }, max_f, max_df, NULL, false },
	{ "leaky_relu", { "leaky", NULL }, "x if x > 0, else slope·x", "x if x > 0, else slope*x",
	  "leaky ReLU (Maas et al. 2013): a small slope instead of 0",
	  { "slope", 0.01, 0.0, 1.0, false, 0.01, 0.1 }, leaky_f, leaky_df, NULL, false },
	{ "prelu", { NULL }, "x if x > 0, else slope·x", "x if x > 0, else slope*x",
	  "parametric ReLU (He et al. 2015): the slope is learned",
	  { "slope", 0.25, -1.0, 1.0, false, 0.01, 0.1 }, leaky_f, leaky_df, NULL, false },
	{ "rrelu", { NULL }, "x if x > 0, else 11/48·x", "x if x > 0, else (11/48)*x",
	  "randomized leaky ReLU in eval mode: slope (1/8 + 1/3)/2",
	  NOPARAM, rrelu_f, rrelu_df, NULL, false },
	{ "relu6", { NULL }, "min(max(x, 0), 6)", "min(max(x, 0), 6)",
	  "ReLU capped at 6 (MobileNet)",
	  NOPARAM, relu6_f, relu6_df, NULL, false },
	{ "hardtanh", { NULL }, "min(max(x, −1), 1)", "min(max(x, -1), 1)",
	  "piecewise linear tanh",
	  NOPARAM, hardtanh_f, hardtanh_df, NULL, false },
	{ "elu", { NULL }, "x if x > 0, else α(eˣ − 1)", "x if x > 0, else alpha*(exp(x) - 1)",
	  "exponential linear unit (Clevert et al. 2015)",
	  { "alpha", 1.0, 0.0, 10.0, false, 0.1, 1.0 }, elu_f, elu_df, NULL, true },
	{ "celu", { NULL }, "x if x > 0, else α(e^(x/α) − 1)", "x if x > 0, else alpha*(exp(x/alpha) - 1)",
	  "continuously differentiable ELU (Barron 2017)",
	  { "alpha", 1.0, 0.0, 10.0, true, 0.1, 1.0 }, celu_f, celu_df, NULL, true },
	{ "selu", { NULL }, "λ·(x if x > 0, else α(eˣ − 1))", "scale*(x if x > 0, else alpha*(exp(x) - 1))",
	  "scaled ELU, self-normalising (Klambauer et al. 2017)",
	  NOPARAM, selu_f, selu_df, NULL, true },
	{ "gelu", { NULL }, "x·Φ(x)", "x*Phi(x)",
	  "Gaussian error linear unit (Hendrycks & Gimpel 2016), exact erf form",
	  NOPARAM, gelu_f, gelu_df, gelu_fdf, true },
	{ "gelu_tanh", { NULL }, "x/2·(1 + tanh(√(2/π)(x + 0.044715x³)))",
	  "x/2*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3)))",
	  "GELU, tanh approximation (GPT-2, BERT)",
	  NOPARAM, gelu_tanh_f, gelu_tanh_df, gelu_tanh_fdf, true },
	{ "sigmoid", { "logistic", NULL }, "1/(1 + e⁻ˣ)", "1/(1 + exp(-x))",
	  "the logistic function: the classic squashing unit",
	  NOPARAM, sigmoid_f, sigmoid_df, sigmoid_fdf, true },
	{ "tanh", { NULL }, "tanh(x)", "tanh(x)",
	  "hyperbolic tangent: a zero-centred sigmoid",
	  NOPARAM, tanh_f, tanh_df, NULL, true },
	{ "silu", { "swish", NULL }, "x·σ(x)", "x*sigmoid(x)",
	  "sigmoid linear unit / swish (Ramachandran et al. 2017)",
	  NOPARAM, silu_f, silu_df, silu_fdf, true },
	{ "mish", { NULL }, "x·tanh(softplus(x))", "x*tanh(softplus(x))",
	  "self-regularised gate (Misra 2019)",
	  NOPARAM, mish_f, mish_df, mish_fdf, true },
	{ "softplus", { NULL }, "ln(1 + e^(βx))/β", "log(1 + exp(beta*x))/beta",
	  "a smooth ReLU",
	  { "beta", 1.0, 0.0, 100.0, true, 0.1, 1.0 }, softplus_f, softplus_df, softplus_fdf, true },
	{ "softsign", { NULL }, "x/(1 + |x|)", "x/(1 + |x|)",
	  "a sigmoid with polynomial tails",
	  NOPARAM, softsign_f, softsign_df, NULL, true },
	{ "hardsigmoid", { NULL }, "relu6(x + 3)/6", "relu6(x + 3)/6",
	  "piecewise linear sigmoid (MobileNetV3)",
	  NOPARAM, hardsigmoid_f, hardsigmoid_df, NULL, false },
	{ "hardswish", { NULL }, "x·relu6(x + 3)/6", "x*relu6(x + 3)/6",
	  "piecewise swish (MobileNetV3)",
	  NOPARAM, hardswish_f, hardswish_df, NULL, false },
	{ "logsigmoid", { NULL }, "ln σ(x)", "log(sigmoid(x))",
	  "log of the sigmoid",
	  NOPARAM, logsigmoid_f, logsigmoid_df, logsigmoid_fdf, true },
	{ "tanhshrink", { NULL }, "x − tanh(x)", "x - tanh(x)",
	  "x minus its tanh",
	  NOPARAM, tanhshrink_f, tanhshrink_df, NULL, true },
	{ "softshrink", { NULL }, "x ∓ λ if |x| > λ, else 0", "x -+ lambda if |x| > lambda, else 0",
	  "soft thresholding",
	  { "lambda", 0.5, 0.0, 10.0, false, 0.05, 0.5 }, softshrink_f, shrink_df, NULL, false },
	{ "hardshrink", { NULL }, "x if |x| > λ, else 0", "x if |x| > lambda, else 0",
	  "hard thresholding",
	  { "lambda", 0.5, 0.0, 10.0, false, 0.05, 0.5 }, hardshrink_f, shrink_df, NULL, false },
	{ "identity", { "linear", NULL }, "x", "x",
	  "no activation: a deep stack collapses to one linear map",
	  NOPARAM, identity_f, identity_df, NULL, false },
	{ "step", { "heaviside", NULL }, "1 if x > 0, else 0", "1 if x > 0, else 0",
	  "the perceptron's threshold: no gradient anywhere",
	  NOPARAM, step_f, step_df, NULL, false },
	{ "sine", { "sin", NULL }, "sin(x)", "sin(x)",
	  "periodic (SIREN, Sitzmann et al. 2020)",
	  NOPARAM, sine_f, sine_df, NULL, true },
	{ "gaussian", { NULL }, "e^(−x²)", "exp(-x^2)",
	  "radial basis bump",
	  NOPARAM, gaussian_f, gaussian_df, gaussian_fdf, true },
	{ "arctan", { "atan", NULL }, "arctan(x)", "atan(x)",
	  "inverse tangent: a sigmoid with slow tails",
	  NOPARAM, arctan_f, arctan_df, NULL, true },
};

#define N_ACT (sizeof table / sizeof table[0])

const act_def *act_table(size_t *count)
{
	if (count)
		*count = N_ACT;
	return table;
}

const act_def *act_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < N_ACT; i++) {
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
		for (int j = 0; table[i].aliases[j]; j++)
			if (strcmp(table[i].aliases[j], name) == 0)
				return &table[i];
	}
	return NULL;
}

int act_index(const act_def *a)
{
	if (a < table || a >= table + N_ACT)
		return -1;
	return (int)(a - table);
}

const char *act_suggest(const char *name)
{
	/* names and aliases; an alias found maps back to its row's name */
	const char *cands[N_ACT * 4];
	const act_def *rows[N_ACT * 4];
	size_t n = 0;
	for (size_t i = 0; i < N_ACT; i++) {
		rows[n] = &table[i];
		cands[n++] = table[i].name;
		for (int j = 0; table[i].aliases[j]; j++) {
			rows[n] = &table[i];
			cands[n++] = table[i].aliases[j];
		}
	}
	const char *best = util_nearest(name, cands, n);
	for (size_t i = 0; best && i < n; i++)
		if (cands[i] == best)
			return rows[i]->name;
	return NULL;
}

bool act_param_check(const act_def *a, double p, char *err, size_t errlen)
{
	const act_param *ap = &a->param;
	if (!ap->name) {
		snprintf(err, errlen, "%s takes no parameter", a->name);
		return false;
	}
	char got[32];
	num_shortest(p, got);
	if (isfinite(p) && (ap->min_open ? p > ap->min : p >= ap->min) && p <= ap->max) {
		/* in range, but it must also be computable: softplus with beta
		 * 1e-320 is ln 2/beta = inf at 0 */
		static const double probe[] = { 0.0, 1.0, -1.0 };
		for (size_t i = 0; i < sizeof probe / sizeof probe[0]; i++) {
			double f, df;
			act_eval(a, probe[i], p, &f, &df);
			if (!isfinite(f) || !isfinite(df)) {
				snprintf(err, errlen, "%s %s cannot be computed: %s%s(%g) overflows the "
				         "float64 range", ap->name, got, a->name, isfinite(f) ? "'" : "",
				         probe[i]);
				return false;
			}
		}
		return true;
	}
	if (!isfinite(p))
		snprintf(err, errlen, "%s must be a finite number, got %s", ap->name, got);
	else if (ap->min_open)
		snprintf(err, errlen, "%s must be greater than %g and at most %g, got %s",
		         ap->name, ap->min, ap->max, got);
	else
		snprintf(err, errlen, "%s must be between %g and %g, got %s",
		         ap->name, ap->min, ap->max, got);
	return false;
}

double act_param_default(const act_def *a)
{
	return a->param.name ? a->param.def : 0.0;
}

/* ---- whole arrays --------------------------------------------------------- */

/* One loop per function, so the function is inlined into it rather than
 * called through a pointer for every element. The inner loop of
 * ACT_MAP_BLOCK has a constant trip count, which gcc -O2 vectorises where
 * the function has no control flow it cannot turn into selects: every row
 * of straight pieces (compares and masks, two elements per instruction),
 * given that this file is compiled with -fno-trapping-math (see the
 * Makefile); the rows that call exp, log1p, erfc or tanh stay scalar. */
#define MAP_FUNCTIONS(X)                                                        \
	X(identity_f) X(identity_df) X(step_f) X(step_df) X(relu_f) X(relu_df)  \
	X(max_f) X(max_df) X(leaky_f) X(leaky_df) X(rrelu_f) X(rrelu_df)        \
	X(relu6_f) X(relu6_df) X(hardtanh_f) X(hardtanh_df)                     \
	X(hardsigmoid_f) X(hardsigmoid_df) X(hardswish_f) X(hardswish_df)       \
	X(softshrink_f) X(hardshrink_f) X(shrink_df) X(elu_f) X(elu_df)         \
	X(celu_f) X(celu_df) X(selu_f) X(selu_df) X(softplus_f) X(softplus_df)  \
	X(logsigmoid_f) X(logsigmoid_df) X(sigmoid_f) X(sigmoid_df)             \
	X(tanh_f) X(tanh_df) X(tanhshrink_f) X(tanhshrink_df)                   \
	X(gelu_f) X(gelu_df) X(gelu_tanh_f) X(gelu_tanh_df) X(silu_f) X(silu_df) \
	X(mish_f) X(mish_df) X(softsign_f) X(softsign_df) X(sine_f) X(sine_df)  \
	X(gaussian_f) X(gaussian_df) X(arctan_f) X(arctan_df)

typedef void (*map_fn)(const double *restrict x, double *restrict y, size_t n, double p);

#define MAP_LOOP(fn)                                                            \
	static void fn##_map(const double *restrict x, double *restrict y,      \
	                     size_t n, double p)                                \
	{                                                                       \
		size_t b = 0;                                                   \
		for (; b + ACT_MAP_BLOCK <= n; b += ACT_MAP_BLOCK)              \
			for (size_t i = 0; i < ACT_MAP_BLOCK; i++)              \
				y[b + i] = fn(x[b + i], p);                     \
		for (; b < n; b++)                                              \
			y[b] = fn(x[b], p);                                     \
	}
MAP_FUNCTIONS(MAP_LOOP)

#define MAP_ROW(fn) { fn, fn##_map },
static const struct {
	act_fn fn;
	map_fn map;
} maps[] = { MAP_FUNCTIONS(MAP_ROW) };

static map_fn map_for(act_fn fn)
{
	for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++)
		if (maps[i].fn == fn)
			return maps[i].map;
	return NULL;
}

bool act_map_inlined(const act_def *a, bool deriv)
{
	return map_for(deriv ? a->df : a->f) != NULL;
}

void act_map(const act_def *a, bool deriv, const double *x, double *y, size_t n, double p)
{
	act_fn fn = deriv ? a->df : a->f;
	map_fn m = map_for(fn);
	if (m) {
		m(x, y, n, p);
		return;
	}
	for (size_t i = 0; i < n; i++)   /* a row without its own loop */
		y[i] = fn(x[i], p);
}
