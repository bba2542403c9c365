// A fake CUDA driver (libcuda.so.1) for cuda_abi_test.go: every entry
// point backend/ptx/cuda.go binds, with the prototypes of cuda.h, over host
// memory standing in for the device (a CUdeviceptr is a malloc'd address).
// It checks what a real driver checks where it can (a context current on
// the calling thread, device pointers inside an allocation, the PTX's
// .version against the driver's, kernel names, parameter sizes from the
// PTX's .entry) and records what each call received, which the test reads
// back through the fake_* functions at the end. It never runs a kernel.
//
// Build: gcc -shared -fPIC -O1 -o DIR/libcuda.so.1 fakecuda.c

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The types of cuda.h on a 64-bit platform.
typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
typedef struct CUctx_st *CUcontext;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef struct CUstream_st *CUstream;
typedef int CUjit_option;       // an enum in cuda.h: int-sized
typedef int CUdevice_attribute; // likewise

enum {
	CUDA_SUCCESS = 0,
	CUDA_ERROR_INVALID_VALUE = 1,
	CUDA_ERROR_OUT_OF_MEMORY = 2,
	CUDA_ERROR_NOT_INITIALIZED = 3,
	CUDA_ERROR_NO_DEVICE = 100,
	CUDA_ERROR_INVALID_DEVICE = 101,
	CUDA_ERROR_INVALID_CONTEXT = 201,
	CUDA_ERROR_INVALID_PTX = 218,
	CUDA_ERROR_UNSUPPORTED_PTX_VERSION = 222,
	CUDA_ERROR_INVALID_HANDLE = 400,
	CUDA_ERROR_NOT_FOUND = 500,
	CUDA_ERROR_ILLEGAL_ADDRESS = 700,
};

enum {
	CU_JIT_INFO_LOG_BUFFER = 3,
	CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES = 4,
	CU_JIT_ERROR_LOG_BUFFER = 5,
	CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6,
};

enum {
	CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75,
	CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76,
};

// The fake device's handle: not 0, so that a caller passing 0 instead of
// what cuDeviceGet returned is caught.
#define FAKE_DEVICE 7

#define MAX_PARAMS 64
#define MAX_ALLOCS 4096
#define MAX_OPTS 16

// ---- configuration (set by the test) ----

static int cfg_count = 1;
static int cfg_version = 12040;
static int cfg_major = 9, cfg_minor = 0;
static char cfg_name[256] = "NVIDIA H200 (fake)";

// ---- state ----

static int initialized;
struct CUctx_st {
	int primary;
};
static struct CUctx_st primary_ctx = {1};
// The current context is per thread, as the driver's.
static __thread CUcontext current;

struct CUmod_st {
	char *text;
	int loaded;
};
struct CUfunc_st {
	CUmodule mod;
	char name[256];
	int nparams;
	int psize[MAX_PARAMS];
};

struct alloc {
	char *p;
	size_t n;
};
static struct alloc allocs[MAX_ALLOCS];

static char fail_name[64];
static int fail_code;

// The entry points whose calls are counted, and the counts.
static const char *const counted[] = {
	"cuInit", "cuDriverGetVersion", "cuDeviceGetCount", "cuDeviceGet",
	"cuDeviceGetName", "cuDeviceGetAttribute", "cuDevicePrimaryCtxRetain",
	"cuCtxSetCurrent", "cuCtxSynchronize", "cuModuleLoadDataEx",
	"cuModuleGetFunction", "cuLaunchKernel", "cuMemAlloc_v2", "cuMemFree_v2",
	"cuMemcpyHtoD_v2", "cuMemcpyDtoH_v2", "cuMemcpyDtoD_v2",
	"cuGetErrorString", "cuGetErrorName",
};
#define NCOUNTED (sizeof counted / sizeof counted[0])
static int calls[NCOUNTED];

// What the calls received.
static int last_name_len = -1;
static int last_attr_dev = -1, last_retain_dev = -1;
static size_t last_alloc_bytes;
static size_t last_htod_bytes, last_dtoh_bytes, last_dtod_bytes;
static unsigned int launch_dims[7]; // grid x y z, block x y z, shared bytes
static unsigned long long launch_stream, launch_params, launch_extra, launch_func;
static int launch_nparams = -1;
static unsigned long long launch_vals[MAX_PARAMS];
static float launch_head[MAX_PARAMS][4]; // the first floats of each pointer parameter's buffer
static int launch_is_ptr[MAX_PARAMS];
static unsigned int jit_nopts;
static int jit_opts[MAX_OPTS];
static unsigned long long jit_vals[MAX_OPTS];

// ---- helpers ----

static void count(const char *name) {
	for (size_t i = 0; i < NCOUNTED; i++) {
		if (strcmp(counted[i], name) == 0) {
			calls[i]++;
			return;
		}
	}
}

// enter counts a call and returns the failure the test asked for, if any.
static CUresult enter(const char *name) {
	count(name);
	if (fail_name[0] && strcmp(fail_name, name) == 0) {
		fail_name[0] = 0;
		return fail_code;
	}
	return CUDA_SUCCESS;
}

#define ENTER(name)                          \
	do {                                 \
		CUresult r_ = enter(name);   \
		if (r_ != CUDA_SUCCESS)      \
			return r_;           \
		if (!initialized)            \
			return CUDA_ERROR_NOT_INITIALIZED; \
	} while (0)

#define NEED_CONTEXT()                                  \
	do {                                            \
		if (current != &primary_ctx)            \
			return CUDA_ERROR_INVALID_CONTEXT; \
	} while (0)

// find returns the allocation holding [p, p+n), or NULL.
static struct alloc *find(CUdeviceptr p, size_t n) {
	for (int i = 0; i < MAX_ALLOCS; i++) {
		struct alloc *a = &allocs[i];
		if (a->p && p >= (CUdeviceptr)(uintptr_t)a->p && p + n <= (CUdeviceptr)(uintptr_t)a->p + a->n)
			return a;
	}
	return NULL;
}

// copylog writes msg into a JIT log buffer of size bytes (NUL included)
// and the bytes written back into the size option's slot, as the driver
// does ("OUT: Amount of log buffer filled with messages").
static void copylog(char *buf, void **size_slot, const char *msg) {
	if (!buf || !size_slot)
		return;
	size_t size = (size_t)(uintptr_t)*size_slot;
	if (size == 0)
		return;
	size_t n = strlen(msg);
	if (n > size - 1)
		n = size - 1;
	memcpy(buf, msg, n);
	buf[n] = 0;
	*size_slot = (void *)(uintptr_t)(n + 1);
}

// ptx_version is the PTX text's ".version M.m" as 10*M+m, or -1.
static int ptx_version(const char *text) {
	const char *v = strstr(text, ".version ");
	int major, minor;
	if (!v || sscanf(v, ".version %d.%d", &major, &minor) != 2)
		return -1;
	return 10 * major + minor;
}

// driver_isa is the newest PTX ISA a driver of the given version JITs
// (ISA 7.m came with CUDA 11.m; 8.m with CUDA 12.m, up to 12.4).
static int driver_isa(int version) {
	int major = version / 1000, minor = version % 1000 / 10;
	if (major <= 10)
		return 65;
	if (major == 11)
		return 70 + minor;
	return 80 + minor;
}

// extern_name is the function a ".extern .func" declaration names: after
// an optional return parameter list "(...)".
static const char *extern_name(const char *decl) {
	static char name[128];
	const char *p = decl + strlen(".extern .func");
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '(') {
		p = strchr(p, ')');
		p = p ? p + 1 : "";
		while (*p == ' ' || *p == '\t')
			p++;
	}
	size_t n = strcspn(p, " \t\n(;");
	if (n >= sizeof name)
		n = sizeof name - 1;
	memcpy(name, p, n);
	name[n] = 0;
	return name;
}

// ---- the driver API ----

CUresult cuInit(unsigned int flags) {
	CUresult r = enter("cuInit");
	if (r != CUDA_SUCCESS)
		return r;
	if (flags != 0)
		return CUDA_ERROR_INVALID_VALUE;
	if (cfg_count == 0)
		return CUDA_ERROR_NO_DEVICE;
	initialized = 1;
	return CUDA_SUCCESS;
}

CUresult cuDriverGetVersion(int *version) {
	// Callable before cuInit, as the real one.
	CUresult r = enter("cuDriverGetVersion");
	if (r != CUDA_SUCCESS)
		return r;
	if (!version)
		return CUDA_ERROR_INVALID_VALUE;
	*version = cfg_version;
	return CUDA_SUCCESS;
}

CUresult cuDeviceGetCount(int *count) {
	ENTER("cuDeviceGetCount");
	if (!count)
		return CUDA_ERROR_INVALID_VALUE;
	*count = cfg_count;
	return CUDA_SUCCESS;
}

CUresult cuDeviceGet(CUdevice *device, int ordinal) {
	ENTER("cuDeviceGet");
	if (!device)
		return CUDA_ERROR_INVALID_VALUE;
	if (ordinal < 0 || ordinal >= cfg_count)
		return CUDA_ERROR_INVALID_DEVICE;
	*device = FAKE_DEVICE + ordinal;
	return CUDA_SUCCESS;
}

CUresult cuDeviceGetName(char *name, int len, CUdevice dev) {
	ENTER("cuDeviceGetName");
	last_name_len = len;
	if (!name || len <= 0)
		return CUDA_ERROR_INVALID_VALUE;
	if (dev != FAKE_DEVICE)
		return CUDA_ERROR_INVALID_DEVICE;
	strncpy(name, cfg_name, (size_t)len - 1);
	name[len - 1] = 0;
	return CUDA_SUCCESS;
}

CUresult cuDeviceGetAttribute(int *pi, CUdevice_attribute attrib, CUdevice dev) {
	ENTER("cuDeviceGetAttribute");
	last_attr_dev = dev;
	if (!pi)
		return CUDA_ERROR_INVALID_VALUE;
	if (dev != FAKE_DEVICE)
		return CUDA_ERROR_INVALID_DEVICE;
	switch (attrib) {
	case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR:
		*pi = cfg_major;
		return CUDA_SUCCESS;
	case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR:
		*pi = cfg_minor;
		return CUDA_SUCCESS;
	}
	return CUDA_ERROR_INVALID_VALUE;
}

CUresult cuDevicePrimaryCtxRetain(CUcontext *pctx, CUdevice dev) {
	ENTER("cuDevicePrimaryCtxRetain");
	last_retain_dev = dev;
	if (!pctx)
		return CUDA_ERROR_INVALID_VALUE;
	if (dev != FAKE_DEVICE)
		return CUDA_ERROR_INVALID_DEVICE;
	*pctx = &primary_ctx;
	return CUDA_SUCCESS;
}

CUresult cuCtxSetCurrent(CUcontext ctx) {
	ENTER("cuCtxSetCurrent");
	if (ctx != NULL && ctx != &primary_ctx)
		return CUDA_ERROR_INVALID_CONTEXT;
	current = ctx;
	return CUDA_SUCCESS;
}

CUresult cuCtxSynchronize(void) {
	ENTER("cuCtxSynchronize");
	NEED_CONTEXT();
	return CUDA_SUCCESS;
}

CUresult cuModuleLoadDataEx(CUmodule *module, const void *image, unsigned int numOptions,
			    CUjit_option *options, void **optionValues) {
	ENTER("cuModuleLoadDataEx");
	jit_nopts = numOptions;
	char *info = NULL, *errlog = NULL;
	void **info_size = NULL, **err_size = NULL;
	for (unsigned int i = 0; i < numOptions && i < MAX_OPTS; i++) {
		jit_opts[i] = options[i];
		jit_vals[i] = (unsigned long long)(uintptr_t)optionValues[i];
		switch (options[i]) {
		case CU_JIT_INFO_LOG_BUFFER:
			info = optionValues[i];
			break;
		case CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES:
			info_size = &optionValues[i];
			break;
		case CU_JIT_ERROR_LOG_BUFFER:
			errlog = optionValues[i];
			break;
		case CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES:
			err_size = &optionValues[i];
			break;
		}
	}
	NEED_CONTEXT();
	if (!module || !image)
		return CUDA_ERROR_INVALID_VALUE;
	const char *text = image;
	char msg[512];
	// What ptxas would refuse, with its kind of message.
	int v = ptx_version(text), isa = driver_isa(cfg_version);
	if (v < 0) {
		copylog(errlog, err_size, "ptxas fatal   : the PTX has no .version directive");
		return CUDA_ERROR_INVALID_PTX;
	}
	if (v > isa) {
		snprintf(msg, sizeof msg, "ptxas application ptx input, line 5; fatal   : Unsupported .version %d.%d; current version is '%d.%d'",
			 v / 10, v % 10, isa / 10, isa % 10);
		copylog(errlog, err_size, msg);
		return CUDA_ERROR_UNSUPPORTED_PTX_VERSION;
	}
	const char *ext = strstr(text, ".extern .func");
	if (ext) {
		snprintf(msg, sizeof msg, "ptxas fatal   : Unresolved extern function '%s'", extern_name(ext));
		copylog(errlog, err_size, msg);
		return CUDA_ERROR_INVALID_PTX;
	}
	// Static shared memory is limited to 48 KiB per block.
	long shared = 0;
	for (const char *s = strstr(text, ".shared "); s; s = strstr(s + 1, ".shared ")) {
		const char *lb = strchr(s, '['), *nl = strchr(s, '\n');
		long n;
		if (lb && (!nl || lb < nl) && sscanf(lb, "[%ld]", &n) == 1)
			shared += n;
	}
	if (shared > 0xc000) {
		snprintf(msg, sizeof msg, "ptxas error   : Entry function uses too much shared data (0x%lx bytes, 0xc000 max)", shared);
		copylog(errlog, err_size, msg);
		return CUDA_ERROR_INVALID_PTX;
	}
	CUmodule m = calloc(1, sizeof *m);
	m->text = strdup(text);
	m->loaded = 1;
	*module = m;
	snprintf(msg, sizeof msg, "ptxas info    : fake JIT of %zu bytes of PTX ISA %d.%d", strlen(text), v / 10, v % 10);
	copylog(info, info_size, msg);
	return CUDA_SUCCESS;
}

// param_size is the size in bytes of a PTX parameter declaration
// ".param .TYPE name" or ".param .align A .b8 name[N]".
static int param_size(const char *decl) {
	const char *lb = strchr(decl, '[');
	int n;
	if (strstr(decl, ".align") && lb && sscanf(lb, "[%d]", &n) == 1)
		return n;
	const char *t = strstr(decl, ".param .");
	if (!t)
		return -1;
	t += strlen(".param .");
	if (t[0] == 'v')
		return -1; // vectors: not used by seqc
	int bits = atoi(t + 1);
	if (t[0] == 'p')
		return 8; // .ptr
	return bits > 0 ? bits / 8 : -1;
}

CUresult cuModuleGetFunction(CUfunction *hfunc, CUmodule hmod, const char *name) {
	ENTER("cuModuleGetFunction");
	NEED_CONTEXT();
	if (!hfunc || !hmod || !name)
		return CUDA_ERROR_INVALID_VALUE;
	if (!hmod->loaded)
		return CUDA_ERROR_INVALID_HANDLE;
	char pat[300];
	snprintf(pat, sizeof pat, ".entry %s(", name);
	const char *e = strstr(hmod->text, pat);
	if (!e)
		return CUDA_ERROR_NOT_FOUND;
	CUfunction f = calloc(1, sizeof *f);
	f->mod = hmod;
	snprintf(f->name, sizeof f->name, "%s", name);
	const char *p = e + strlen(pat), *end = strchr(p, ')');
	while (end && f->nparams < MAX_PARAMS) {
		const char *d = strstr(p, ".param");
		if (!d || d > end)
			break;
		const char *stop = strpbrk(d, ",)");
		char decl[256];
		size_t n = (size_t)(stop - d) < sizeof decl - 1 ? (size_t)(stop - d) : sizeof decl - 1;
		memcpy(decl, d, n);
		decl[n] = 0;
		f->psize[f->nparams++] = param_size(decl);
		p = stop;
	}
	*hfunc = f;
	return CUDA_SUCCESS;
}

CUresult cuLaunchKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY, unsigned int gridDimZ,
			unsigned int blockDimX, unsigned int blockDimY, unsigned int blockDimZ,
			unsigned int sharedMemBytes, CUstream hStream, void **kernelParams, void **extra) {
	ENTER("cuLaunchKernel");
	NEED_CONTEXT();
	unsigned int d[7] = {gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ, sharedMemBytes};
	memcpy(launch_dims, d, sizeof d);
	launch_stream = (unsigned long long)(uintptr_t)hStream;
	launch_params = (unsigned long long)(uintptr_t)kernelParams;
	launch_extra = (unsigned long long)(uintptr_t)extra;
	launch_func = (unsigned long long)(uintptr_t)f;
	launch_nparams = -1;
	if (!f)
		return CUDA_ERROR_INVALID_HANDLE;
	if (!gridDimX || !gridDimY || !gridDimZ || !blockDimX || !blockDimY || !blockDimZ)
		return CUDA_ERROR_INVALID_VALUE;
	if ((unsigned long long)blockDimX * blockDimY * blockDimZ > 1024 || gridDimY > 65535 || gridDimZ > 65535)
		return CUDA_ERROR_INVALID_VALUE;
	if (f->nparams > 0 && !kernelParams && !extra)
		return CUDA_ERROR_INVALID_VALUE;
	// As the driver: copy each parameter, of the size the kernel declares,
	// from where kernelParams[i] points.
	launch_nparams = f->nparams;
	memset(launch_head, 0, sizeof launch_head);
	for (int i = 0; i < f->nparams && kernelParams; i++) {
		unsigned long long v = 0;
		if (f->psize[i] < 0 || f->psize[i] > 8)
			return CUDA_ERROR_INVALID_VALUE;
		memcpy(&v, kernelParams[i], (size_t)f->psize[i]);
		launch_vals[i] = v;
		struct alloc *a = f->psize[i] == 8 ? find(v, 1) : NULL;
		launch_is_ptr[i] = a != NULL;
		if (a) {
			size_t left = a->n - (size_t)(v - (CUdeviceptr)(uintptr_t)a->p);
			memcpy(launch_head[i], (char *)(uintptr_t)v, left < sizeof launch_head[i] ? left : sizeof launch_head[i]);
		}
	}
	return CUDA_SUCCESS;
}

CUresult cuMemAlloc_v2(CUdeviceptr *dptr, size_t bytesize) {
	ENTER("cuMemAlloc_v2");
	NEED_CONTEXT();
	last_alloc_bytes = bytesize;
	if (!dptr || bytesize == 0)
		return CUDA_ERROR_INVALID_VALUE;
	for (int i = 0; i < MAX_ALLOCS; i++) {
		if (!allocs[i].p) {
			char *p = malloc(bytesize);
			if (!p)
				return CUDA_ERROR_OUT_OF_MEMORY;
			// Device memory is not zeroed: fill it with a pattern a test
			// can recognise (each float is 0xA5A5A5A5).
			memset(p, 0xA5, bytesize);
			allocs[i].p = p;
			allocs[i].n = bytesize;
			*dptr = (CUdeviceptr)(uintptr_t)p;
			return CUDA_SUCCESS;
		}
	}
	return CUDA_ERROR_OUT_OF_MEMORY;
}

CUresult cuMemFree_v2(CUdeviceptr dptr) {
	ENTER("cuMemFree_v2");
	NEED_CONTEXT();
	for (int i = 0; i < MAX_ALLOCS; i++) {
		if (allocs[i].p && (CUdeviceptr)(uintptr_t)allocs[i].p == dptr) {
			free(allocs[i].p);
			allocs[i].p = NULL;
			return CUDA_SUCCESS;
		}
	}
	return CUDA_ERROR_INVALID_VALUE;
}

CUresult cuMemcpyHtoD_v2(CUdeviceptr dstDevice, const void *srcHost, size_t ByteCount) {
	ENTER("cuMemcpyHtoD_v2");
	NEED_CONTEXT();
	last_htod_bytes = ByteCount;
	if (!srcHost || !find(dstDevice, ByteCount))
		return CUDA_ERROR_INVALID_VALUE;
	memcpy((void *)(uintptr_t)dstDevice, srcHost, ByteCount);
	return CUDA_SUCCESS;
}

CUresult cuMemcpyDtoH_v2(void *dstHost, CUdeviceptr srcDevice, size_t ByteCount) {
	ENTER("cuMemcpyDtoH_v2");
	NEED_CONTEXT();
	last_dtoh_bytes = ByteCount;
	if (!dstHost || !find(srcDevice, ByteCount))
		return CUDA_ERROR_INVALID_VALUE;
	memcpy(dstHost, (void *)(uintptr_t)srcDevice, ByteCount);
	return CUDA_SUCCESS;
}

CUresult cuMemcpyDtoD_v2(CUdeviceptr dstDevice, CUdeviceptr srcDevice, size_t ByteCount) {
	ENTER("cuMemcpyDtoD_v2");
	NEED_CONTEXT();
	last_dtod_bytes = ByteCount;
	if (!find(dstDevice, ByteCount) || !find(srcDevice, ByteCount))
		return CUDA_ERROR_INVALID_VALUE;
	memmove((void *)(uintptr_t)dstDevice, (void *)(uintptr_t)srcDevice, ByteCount);
	return CUDA_SUCCESS;
}

// The error strings of the codes the fake returns, in the driver's words.
static const struct {
	CUresult code;
	const char *name, *msg;
} errors[] = {
	{CUDA_SUCCESS, "CUDA_SUCCESS", "no error"},
	{CUDA_ERROR_INVALID_VALUE, "CUDA_ERROR_INVALID_VALUE", "invalid argument"},
	{CUDA_ERROR_OUT_OF_MEMORY, "CUDA_ERROR_OUT_OF_MEMORY", "out of memory"},
	{CUDA_ERROR_NOT_INITIALIZED, "CUDA_ERROR_NOT_INITIALIZED", "initialization error"},
	{CUDA_ERROR_NO_DEVICE, "CUDA_ERROR_NO_DEVICE", "no CUDA-capable device is detected"},
	{CUDA_ERROR_INVALID_DEVICE, "CUDA_ERROR_INVALID_DEVICE", "invalid device ordinal"},
	{CUDA_ERROR_INVALID_CONTEXT, "CUDA_ERROR_INVALID_CONTEXT", "invalid device context"},
	{CUDA_ERROR_INVALID_PTX, "CUDA_ERROR_INVALID_PTX", "a PTX JIT compilation failed"},
	{CUDA_ERROR_UNSUPPORTED_PTX_VERSION, "CUDA_ERROR_UNSUPPORTED_PTX_VERSION", "the provided PTX was compiled with an unsupported toolchain."},
	{CUDA_ERROR_INVALID_HANDLE, "CUDA_ERROR_INVALID_HANDLE", "invalid resource handle"},
	{CUDA_ERROR_NOT_FOUND, "CUDA_ERROR_NOT_FOUND", "named symbol not found"},
	{CUDA_ERROR_ILLEGAL_ADDRESS, "CUDA_ERROR_ILLEGAL_ADDRESS", "an illegal memory access was encountered"},
};

static CUresult lookup(const char *call, CUresult error, const char **pStr, int name) {
	count(call);
	if (!pStr)
		return CUDA_ERROR_INVALID_VALUE;
	for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
		if (errors[i].code == error) {
			*pStr = name ? errors[i].name : errors[i].msg;
			return CUDA_SUCCESS;
		}
	}
	// As the driver: an unknown code is an invalid value, with *pStr NULL.
	*pStr = NULL;
	return CUDA_ERROR_INVALID_VALUE;
}

CUresult cuGetErrorString(CUresult error, const char **pStr) { return lookup("cuGetErrorString", error, pStr, 0); }

// Built with -DFAKE_OLD_DRIVER the fake lacks cuGetErrorName, as a driver
// too old for the binding would lack a symbol.
#ifndef FAKE_OLD_DRIVER
CUresult cuGetErrorName(CUresult error, const char **pStr) { return lookup("cuGetErrorName", error, pStr, 1); }
#endif

// ---- the test's controls and queries (not part of the driver API) ----

// fake_reset forgets every module, allocation, failure, count and
// record, and restores the default device: one H200, driver 12.4.
void fake_reset(void) {
	for (int i = 0; i < MAX_ALLOCS; i++) {
		free(allocs[i].p);
		allocs[i].p = NULL;
	}
	memset(calls, 0, sizeof calls);
	fail_name[0] = 0;
	initialized = 0;
	current = NULL;
	cfg_count = 1;
	cfg_version = 12040;
	cfg_major = 9;
	cfg_minor = 0;
	snprintf(cfg_name, sizeof cfg_name, "%s", "NVIDIA H200 (fake)");
	last_name_len = last_attr_dev = last_retain_dev = launch_nparams = -1;
	last_alloc_bytes = last_htod_bytes = last_dtoh_bytes = last_dtod_bytes = 0;
	memset(launch_dims, 0, sizeof launch_dims);
	launch_stream = launch_params = launch_extra = launch_func = 0;
	jit_nopts = 0;
}

void fake_set_device(int count, int major, int minor, int version) {
	cfg_count = count;
	cfg_major = major;
	cfg_minor = minor;
	cfg_version = version;
}

// fake_fail_next makes the next call of the named entry point return code.
void fake_fail_next(const char *name, int code) {
	snprintf(fail_name, sizeof fail_name, "%s", name);
	fail_code = code;
}

// fake_clear_current unsets the calling thread's current context.
void fake_clear_current(void) { current = NULL; }

int fake_calls(const char *name) {
	for (size_t i = 0; i < NCOUNTED; i++)
		if (strcmp(counted[i], name) == 0)
			return calls[i];
	return -1;
}

int fake_name_len(void) { return last_name_len; }
int fake_attr_dev(void) { return last_attr_dev; }
int fake_retain_dev(void) { return last_retain_dev; }
unsigned long long fake_alloc_bytes(void) { return last_alloc_bytes; }
unsigned long long fake_htod_bytes(void) { return last_htod_bytes; }
unsigned long long fake_dtoh_bytes(void) { return last_dtoh_bytes; }
unsigned long long fake_dtod_bytes(void) { return last_dtod_bytes; }

// fake_launch_dim is the last launch's grid x, y, z (0-2), block x, y, z
// (3-5) or shared bytes (6).
unsigned int fake_launch_dim(int i) { return i >= 0 && i < 7 ? launch_dims[i] : 0; }
unsigned long long fake_launch_stream(void) { return launch_stream; }
unsigned long long fake_launch_params(void) { return launch_params; }
unsigned long long fake_launch_extra(void) { return launch_extra; }
unsigned long long fake_launch_func(void) { return launch_func; }
int fake_launch_nparams(void) { return launch_nparams; }
unsigned long long fake_launch_param(int i) { return i >= 0 && i < MAX_PARAMS ? launch_vals[i] : 0; }
int fake_launch_is_ptr(int i) { return i >= 0 && i < MAX_PARAMS ? launch_is_ptr[i] : 0; }

// fake_launch_head is float j (< 4) of the buffer parameter i pointed to
// when the kernel was launched.
float fake_launch_head(int i, int j) { return i >= 0 && i < MAX_PARAMS && j >= 0 && j < 4 ? launch_head[i][j] : 0; }

unsigned int fake_jit_nopts(void) { return jit_nopts; }
int fake_jit_opt(int i) { return i >= 0 && i < MAX_OPTS ? jit_opts[i] : -1; }
unsigned long long fake_jit_val(int i) { return i >= 0 && i < MAX_OPTS ? jit_vals[i] : 0; }

// fake_func_nparams and fake_func_param_size describe a function handle
// cuModuleGetFunction returned: its parameters as the PTX declares them.
int fake_func_nparams(unsigned long long f) { return f ? ((CUfunction)(uintptr_t)f)->nparams : -1; }
int fake_func_param_size(unsigned long long f, int i) {
	CUfunction fn = (CUfunction)(uintptr_t)f;
	return fn && i >= 0 && i < fn->nparams ? fn->psize[i] : -1;
}

// fake_live_allocs counts the device allocations not freed.
int fake_live_allocs(void) {
	int n = 0;
	for (int i = 0; i < MAX_ALLOCS; i++)
		n += allocs[i].p != NULL;
	return n;
}
