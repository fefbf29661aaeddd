// The agent's optional native addon (agent/src/native/native-addon.ts loads it; build-native.mjs builds it):
// - sgemm: matrix products for TensorFlow.js's wasm backend computed by OpenBLAS, in place in the wasm heap. The
//   wasm backend keeps every tensor in one WebAssembly.Memory; JavaScript passes that memory's ArrayBuffer and the
//   float offsets of the operands, and sgemm reads and writes it directly (no copies). See
//   agent/src/backend/blas-matmul.ts.
// - adam, ema: the host optimizer's loops (agent/src/nn/host-params.ts), the same float64 arithmetic in the same
//   order with one float32 rounding per stored value, so their results equal the JavaScript loops' bit for bit
//   (built with -ffp-contract=off: no fused multiply-adds).
// Every extent is checked against its buffer's length before anything is touched.
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
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

static int read_double(napi_env env, napi_value value, double *out) {
  return napi_get_value_double(env, value, out) == napi_ok;
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
  export_function(env, exports, "adam", adam);
  export_function(env, exports, "ema", ema);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
