// The agent's optional native addon (agent/src/native/native-addon.ts loads it; build-native.mjs builds it):
// - sgemm: matrix products for TensorFlow.js's wasm backend computed by OpenBLAS, in place in the wasm heap. The
//   wasm backend keeps every tensor in one WebAssembly.Memory; JavaScript passes that memory's ArrayBuffer and the
//   float offsets of the operands, and sgemm reads and writes it directly (no copies). See
//   agent/src/backend/blas-matmul.ts.
// - gelu, geluGrad, geluLayerNorm, geluLayerNormGrad: a hidden layer's activation (GELU, tanh form) and its
//   optional LayerNorm as one kernel each way, for the wasm backend's heap like sgemm. See
//   agent/src/backend/gelu-kernels.ts and agent/src/nn/gelu-layer-norm.ts for the math.
// - adam, ema: the host optimizer's loops (agent/src/nn/host-params.ts), the same float64 arithmetic in the same
//   order with one float32 rounding per stored value, so their results equal the JavaScript loops' bit for bit
//   (built with -ffp-contract=off: no fused multiply-adds).
// Every extent is checked against its buffer's length before anything is touched.
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

// The CBLAS entry points OpenBLAS exports (declared here so no BLAS development headers are needed).
enum { CBLAS_ROW_MAJOR = 101, CBLAS_NO_TRANS = 111, CBLAS_TRANS = 112 };
void cblas_sgemm(int order, int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a, int lda,
                 const float *b, int ldb, float beta, float *c, int ldc);
void openblas_set_num_threads(int threads);
char *openblas_get_config(void);
char *openblas_get_corename(void);

#define SGEMM_ARGS 13

static napi_value fail(napi_env env, const char *message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

static int read_int64(napi_env env, napi_value value, int64_t *out) {
  return napi_get_value_int64(env, value, out) == napi_ok;
}

// Does [offset, offset + count) lie inside a buffer of `floats` floats?
static int inside(int64_t offset, int64_t count, int64_t floats) {
  return offset >= 0 && count >= 0 && offset <= floats && count <= floats - offset;
}

// sgemm(heap, transA, transB, m, n, k, aOffset, bOffset, cOffset, batch, aStride, bStride, biasOffset)
// For each of `batch` products: C_i = op(A_i)·op(B_i) (+ bias, one row of n broadcast over the m rows, when
// biasOffset >= 0). Offsets and strides count floats; a stride of 0 reuses one operand for every product.
static napi_value sgemm(napi_env env, napi_callback_info info) {
  size_t argc = SGEMM_ARGS;
  napi_value args[SGEMM_ARGS];
  if (napi_get_cb_info(env, info, &argc, args, NULL, NULL) != napi_ok || argc != SGEMM_ARGS) {
    return fail(env, "sgemm takes 13 arguments");
  }
  void *data = NULL;
  size_t bytes = 0;
  if (napi_get_arraybuffer_info(env, args[0], &data, &bytes) != napi_ok) return fail(env, "sgemm: heap must be an ArrayBuffer");
  int64_t v[SGEMM_ARGS - 1];
  for (int i = 1; i < SGEMM_ARGS; i++) {
    if (!read_int64(env, args[i], &v[i - 1])) return fail(env, "sgemm: arguments 2-13 must be numbers");
  }
  const int trans_a = v[0] != 0, trans_b = v[1] != 0;
  const int64_t m = v[2], n = v[3], k = v[4], a_off = v[5], b_off = v[6], c_off = v[7], batch = v[8];
  const int64_t a_stride = v[9], b_stride = v[10], bias_off = v[11];
  const int64_t floats = (int64_t)(bytes / sizeof(float));
  if (m < 1 || n < 1 || k < 1 || batch < 1 || m > INT32_MAX || n > INT32_MAX || k > INT32_MAX) return fail(env, "sgemm: bad dimensions");
  if (a_stride < 0 || b_stride < 0) return fail(env, "sgemm: bad strides");
  if (!inside(a_off, a_stride * (batch - 1) + m * k, floats) || !inside(b_off, b_stride * (batch - 1) + k * n, floats) ||
      !inside(c_off, m * n * batch, floats) || (bias_off >= 0 && !inside(bias_off, n, floats))) {
    return fail(env, "sgemm: operand outside the heap");
  }
  float *heap = (float *)data;
  for (int64_t i = 0; i < batch; i++) {
    float *c = heap + c_off + i * m * n;
    float beta = 0.0f;
    if (bias_off >= 0) {
      for (int64_t row = 0; row < m; row++) memcpy(c + row * n, heap + bias_off, (size_t)n * sizeof(float));
      beta = 1.0f;
    }
    cblas_sgemm(CBLAS_ROW_MAJOR, trans_a ? CBLAS_TRANS : CBLAS_NO_TRANS, trans_b ? CBLAS_TRANS : CBLAS_NO_TRANS,
                (int)m, (int)n, (int)k, 1.0f, heap + a_off + i * a_stride, (int)(trans_a ? m : k),
                heap + b_off + i * b_stride, (int)(trans_b ? k : n), beta, c, (int)n);
  }
  return NULL;
}

// GELU, tanh approximation: gelu(x) = x·s, s = sigmoid(2·k·(x + c·x³)), k = sqrt(2/π), c = 0.044715;
// gelu'(x) = s + x·s·(1 − s)·2k·(1 + 3c·x²). Elementwise work is float32 in loops the compiler vectorises; row
// sums (LayerNorm's statistics, the scale and bias gradients) are float64.
#define GELU_K 0.7978845608f
#define GELU_C 0.044715f

// e^x for x in float range: x = n·ln2 + r with |r| <= ln2/2, e^r by its Taylor series to r⁷ (truncation error
// below 6e-9 relative, under float32's 6e-8), 2^n through the exponent bits. Branch-free so that loops calling it
// vectorise.
static inline float exp_approx(float x) {
  x = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
  const float shifter = 12582912.0f;  // 1.5·2^23: adding and subtracting it rounds to the nearest integer
  const float n = (x * 1.4426950409f + shifter) - shifter;
  const float r = (x - n * 0.693145752f) - n * 1.42860677e-6f;  // ln2 split in two parts: exact n·ln2_high
  float p = 1.0f / 5040.0f;
  p = p * r + 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  union { int32_t i; float f; } scale = { .i = ((int32_t)n + 127) << 23 };
  return p * scale.f;
}

static inline float gelu_sigmoid(float x) {
  return 1.0f / (1.0f + exp_approx(-2.0f * GELU_K * (x + GELU_C * x * x * x)));
}

// x86-64: the elementwise loops also get an AVX2 version, chosen at load time on CPUs that have it.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VECTOR_CLONES
#endif

// a = gelu(x) and, when slope is given, slope = gelu'(x), over n floats.
VECTOR_CLONES static void gelu_row(const float *restrict x, float *restrict a, float *restrict slope, int64_t n) {
  if (slope) {
    for (int64_t j = 0; j < n; j++) {
      const float xj = x[j], s = gelu_sigmoid(xj);
      a[j] = xj * s;
      slope[j] = s + xj * s * (1.0f - s) * 2.0f * GELU_K * (1.0f + 3.0f * GELU_C * xj * xj);
    }
  } else {
    for (int64_t j = 0; j < n; j++) a[j] = x[j] * gelu_sigmoid(x[j]);
  }
}

static int read_double(napi_env env, napi_value value, double *out) {
  return napi_get_value_double(env, value, out) == napi_ok;
}

// Reads the heap (an ArrayBuffer), then `count` integers, then, when `real` is given, one more number.
static int heap_args(napi_env env, napi_callback_info info, size_t count, float **heap, int64_t *floats, int64_t *v, double *real) {
  const size_t expected = count + 1 + (real ? 1 : 0);
  size_t argc = expected;
  napi_value args[16];
  if (expected > 16 || napi_get_cb_info(env, info, &argc, args, NULL, NULL) != napi_ok || argc != expected) return 0;
  void *data = NULL;
  size_t bytes = 0;
  if (napi_get_arraybuffer_info(env, args[0], &data, &bytes) != napi_ok) return 0;
  for (size_t i = 0; i < count; i++) {
    if (!read_int64(env, args[i + 1], &v[i])) return 0;
  }
  if (real && !read_double(env, args[count + 1], real)) return 0;
  *heap = (float *)data;
  *floats = (int64_t)(bytes / sizeof(float));
  return 1;
}

// gelu(heap, n, xOffset, yOffset): y = gelu(x) over n floats.
static napi_value gelu(napi_env env, napi_callback_info info) {
  float *h;
  int64_t floats, v[3];
  if (!heap_args(env, info, 3, &h, &floats, v, NULL)) return fail(env, "gelu takes (heap, n, x, y)");
  const int64_t n = v[0];
  if (!inside(v[1], n, floats) || !inside(v[2], n, floats)) return fail(env, "gelu: operand outside the heap");
  gelu_row(h + v[1], h + v[2], NULL, n);
  return NULL;
}

// geluGrad(heap, n, xOffset, dyOffset, dxOffset): dx = dy·gelu'(x).
static napi_value gelu_grad(napi_env env, napi_callback_info info) {
  float *h;
  int64_t floats, v[4];
  if (!heap_args(env, info, 4, &h, &floats, v, NULL)) return fail(env, "geluGrad takes (heap, n, x, dy, dx)");
  const int64_t n = v[0];
  if (!inside(v[1], n, floats) || !inside(v[2], n, floats) || !inside(v[3], n, floats)) return fail(env, "geluGrad: operand outside the heap");
  float *a = malloc((size_t)n * 2 * sizeof(float));
  if (!a) return fail(env, "geluGrad: out of memory");
  gelu_row(h + v[1], a, a + n, n);
  const float *dy = h + v[2], *slope = a + n;
  float *dx = h + v[3];
  for (int64_t i = 0; i < n; i++) dx[i] = dy[i] * slope[i];
  free(a);
  return NULL;
}

// LayerNorm statistics of one row a: mean and 1/sqrt(variance + eps), summed in float64.
static void row_stats(const float *a, int64_t cols, double eps, float *mean, float *inv_std) {
  double sum = 0;
  for (int64_t j = 0; j < cols; j++) sum += a[j];
  const double mu = sum / (double)cols;
  double sq = 0;
  for (int64_t j = 0; j < cols; j++) {
    const double d = a[j] - mu;
    sq += d * d;
  }
  *mean = (float)mu;
  *inv_std = (float)(1.0 / sqrt(sq / (double)cols + eps));
}

// geluLayerNorm(heap, rows, cols, x, scale, bias, y, eps): y = LayerNorm(gelu(x))·scale + bias per row.
static napi_value gelu_layer_norm(napi_env env, napi_callback_info info) {
  float *h;
  int64_t floats, v[6];
  double eps;
  if (!heap_args(env, info, 6, &h, &floats, v, &eps)) return fail(env, "geluLayerNorm takes (heap, rows, cols, x, scale, bias, y, eps)");
  const int64_t rows = v[0], cols = v[1];
  if (rows < 1 || cols < 1 || !inside(v[2], rows * cols, floats) || !inside(v[3], cols, floats) || !inside(v[4], cols, floats) ||
      !inside(v[5], rows * cols, floats)) return fail(env, "geluLayerNorm: operand outside the heap");
  const float *scale = h + v[3], *bias = h + v[4];
  float *a = malloc((size_t)cols * sizeof(float));
  if (!a) return fail(env, "geluLayerNorm: out of memory");
  for (int64_t r = 0; r < rows; r++) {
    float *y = h + v[5] + r * cols;
    float mu, inv;
    gelu_row(h + v[2] + r * cols, a, NULL, cols);
    row_stats(a, cols, eps, &mu, &inv);
    for (int64_t j = 0; j < cols; j++) y[j] = (a[j] - mu) * inv * scale[j] + bias[j];
  }
  free(a);
  return NULL;
}

// geluLayerNormGrad(heap, rows, cols, x, scale, dy, dx, dscale, dbias, eps): the gradients of
// geluLayerNorm. With â = (a − μ)·inv and g = dy·scale: da = inv·(g − mean(g) − â·mean(g·â)), dx = da·gelu'(x),
// dscale = Σ_rows dy·â, dbias = Σ_rows dy.
static napi_value gelu_layer_norm_grad(napi_env env, napi_callback_info info) {
  float *h;
  int64_t floats, v[8];
  double eps;
  if (!heap_args(env, info, 8, &h, &floats, v, &eps)) return fail(env, "geluLayerNormGrad takes (heap, rows, cols, x, scale, dy, dx, dscale, dbias, eps)");
  const int64_t rows = v[0], cols = v[1];
  if (rows < 1 || cols < 1 || !inside(v[2], rows * cols, floats) || !inside(v[3], cols, floats) || !inside(v[4], rows * cols, floats) ||
      !inside(v[5], rows * cols, floats) || !inside(v[6], cols, floats) || !inside(v[7], cols, floats)) {
    return fail(env, "geluLayerNormGrad: operand outside the heap");
  }
  const float *scale = h + v[3];
  double *sums = calloc((size_t)cols * 2, sizeof(double));
  float *a = malloc((size_t)cols * 3 * sizeof(float));
  if (!sums || !a) {
    free(sums);
    free(a);
    return fail(env, "geluLayerNormGrad: out of memory");
  }
  double *dscale = sums, *dbias = sums + cols;
  float *slope = a + cols, *a_hat = a + 2 * cols;
  for (int64_t r = 0; r < rows; r++) {
    const float *dy = h + v[4] + r * cols;
    float *dx = h + v[5] + r * cols;
    float mu, inv;
    gelu_row(h + v[2] + r * cols, a, slope, cols);
    row_stats(a, cols, eps, &mu, &inv);
    double mean_g = 0, mean_ga = 0;
    for (int64_t j = 0; j < cols; j++) {
      a_hat[j] = (a[j] - mu) * inv;
      const float g = dy[j] * scale[j];
      mean_g += g;
      mean_ga += (double)g * a_hat[j];
    }
    for (int64_t j = 0; j < cols; j++) {
      dscale[j] += (double)dy[j] * a_hat[j];
      dbias[j] += dy[j];
    }
    const float mg = (float)(mean_g / (double)cols), mga = (float)(mean_ga / (double)cols);
    for (int64_t j = 0; j < cols; j++) dx[j] = inv * (dy[j] * scale[j] - mg - a_hat[j] * mga) * slope[j];
  }
  for (int64_t j = 0; j < cols; j++) {
    h[v[6] + j] = (float)dscale[j];
    h[v[7] + j] = (float)dbias[j];
  }
  free(sums);
  free(a);
  return NULL;
}

// A Float32Array argument: its data and length in floats.
static int read_floats(napi_env env, napi_value value, float **data, int64_t *length) {
  napi_typedarray_type type;
  size_t count = 0;
  void *ptr = NULL;
  if (napi_get_typedarray_info(env, value, &type, &count, &ptr, NULL, NULL) != napi_ok || type != napi_float32_array) return 0;
  *data = (float *)ptr;
  *length = (int64_t)count;
  return 1;
}

// adam(params, m, v, g, lo, hi, stepSize, epsHat, b1, b2) -> Σg² over [lo, hi): one Adam step, as host-params.ts's
// adamRange does it.
static napi_value adam(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value args[10];
  if (napi_get_cb_info(env, info, &argc, args, NULL, NULL) != napi_ok || argc != 10) return fail(env, "adam takes 10 arguments");
  float *p, *m, *v, *g;
  int64_t np, nm, nv, ng, lo, hi;
  double step_size, eps_hat, b1, b2;
  if (!read_floats(env, args[0], &p, &np) || !read_floats(env, args[1], &m, &nm) || !read_floats(env, args[2], &v, &nv) ||
      !read_floats(env, args[3], &g, &ng)) return fail(env, "adam: the first four arguments must be Float32Arrays");
  if (!read_int64(env, args[4], &lo) || !read_int64(env, args[5], &hi) || !read_double(env, args[6], &step_size) ||
      !read_double(env, args[7], &eps_hat) || !read_double(env, args[8], &b1) || !read_double(env, args[9], &b2)) {
    return fail(env, "adam: arguments 5-10 must be numbers");
  }
  if (lo < 0 || hi < lo || hi > np || hi > nm || hi > nv || hi > ng) return fail(env, "adam: range outside the vectors");
  double squares = 0;
  for (int64_t i = lo; i < hi; i++) {
    const double gi = g[i];
    const double gg = gi * gi;
    squares += gg;
    const double mi = (double)m[i] + b1 * (gi - (double)m[i]);
    const double vi = (double)v[i] + b2 * (gg - (double)v[i]);
    m[i] = (float)mi;
    v[i] = (float)vi;
    p[i] = (float)((double)p[i] - ((double)(float)mi / (sqrt((double)(float)vi) + eps_hat)) * step_size);
  }
  napi_value out;
  napi_create_double(env, squares, &out);
  return out;
}

// ema(targets, params, targetOffset, sourceOffset, count, tau): targets[t] = tau·params[s] + (1 − tau)·targets[t]
// over `count` consecutive elements, as host-params.ts's ema does it.
static napi_value ema(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value args[6];
  if (napi_get_cb_info(env, info, &argc, args, NULL, NULL) != napi_ok || argc != 6) return fail(env, "ema takes 6 arguments");
  float *targets, *params;
  int64_t nt, np, t0, s0, count;
  double tau;
  if (!read_floats(env, args[0], &targets, &nt) || !read_floats(env, args[1], &params, &np)) return fail(env, "ema: the first two arguments must be Float32Arrays");
  if (!read_int64(env, args[2], &t0) || !read_int64(env, args[3], &s0) || !read_int64(env, args[4], &count) || !read_double(env, args[5], &tau)) {
    return fail(env, "ema: arguments 3-6 must be numbers");
  }
  if (!inside(t0, count, nt) || !inside(s0, count, np)) return fail(env, "ema: range outside the vectors");
  const double keep = 1 - tau;
  for (int64_t i = 0; i < count; i++) targets[t0 + i] = (float)(tau * (double)params[s0 + i] + keep * (double)targets[t0 + i]);
  return NULL;
}

// setThreads(n): OpenBLAS's thread count for every later product (process-wide).
static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  int64_t threads = 0;
  if (napi_get_cb_info(env, info, &argc, &arg, NULL, NULL) != napi_ok || argc != 1 || !read_int64(env, arg, &threads) || threads < 1 || threads > 1024) {
    return fail(env, "setThreads takes one integer in [1, 1024]");
  }
  openblas_set_num_threads((int)threads);
  return NULL;
}

// describe(): OpenBLAS's build configuration and the CPU kernel it chose, e.g. "OpenBLAS 0.3.21 ... / Haswell".
static napi_value describe(napi_env env, napi_callback_info info) {
  (void)info;
  char text[512];
  snprintf(text, sizeof text, "%s / %s", openblas_get_config(), openblas_get_corename());
  napi_value out;
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &out);
  return out;
}

static void export_function(napi_env env, napi_value exports, const char *name, napi_callback fn) {
  napi_value value;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, fn, NULL, &value);
  napi_set_named_property(env, exports, name, value);
}

static napi_value init(napi_env env, napi_value exports) {
  export_function(env, exports, "sgemm", sgemm);
  export_function(env, exports, "setThreads", set_threads);
  export_function(env, exports, "describe", describe);
  export_function(env, exports, "gelu", gelu);
  export_function(env, exports, "geluGrad", gelu_grad);
  export_function(env, exports, "geluLayerNorm", gelu_layer_norm);
  export_function(env, exports, "geluLayerNormGrad", gelu_layer_norm_grad);
  export_function(env, exports, "adam", adam);
  export_function(env, exports, "ema", ema);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
