/* time.c: the time module (CPython 3.11 timemodule.c semantics on Linux).
 *
 * Clocks come from clock_gettime. sleep() loops on nanosleep and turns a
 * SIGINT that interrupted it (the handler in main.c sets
 * vm->sigint_pending) into KeyboardInterrupt, as the dispatch loop does.
 *
 * struct_time is a tuple subclass of the 9 visible fields with named
 * getsets; two hidden slots after the 9 items (beyond len, so tuple code
 * never sees them) hold tm_gmtoff and a code for tm_zone as small ints.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exception.h"
#include "float.h"
#include "int.h"
#include "list.h"
#include "str.h"
#include "vm.h"

/* hidden tm_zone codes */
enum { ZONE_NONE = 0, ZONE_GMT = 1, ZONE_LOCAL = 2 };

/* ---- clocks ------------------------------------------------------------ */

static int64_t clock_ns(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static double clock_sec(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define CLOCK_FN(pyname, id, fname)                                                       \
    static Value t_##pyname(VM *vm, Value *args, int nargs, ObjTuple *kw) {               \
        if (!vm_check_args(vm, "time." fname, nargs, 0, 0)) return VAL_NULL;                     \
        return MAKE_FLOAT(clock_sec(id));                                                 \
    }                                                                                     \
    static Value t_##pyname##_ns(VM *vm, Value *args, int nargs, ObjTuple *kw) {          \
        if (!vm_check_args(vm, "time." fname "_ns", nargs, 0, 0)) return VAL_NULL;               \
        return MAKE_INT(clock_ns(id));                                                    \
    }
CLOCK_FN(time, CLOCK_REALTIME, "time")
CLOCK_FN(monotonic, CLOCK_MONOTONIC, "monotonic")
CLOCK_FN(perf_counter, CLOCK_MONOTONIC, "perf_counter")
CLOCK_FN(process_time, CLOCK_PROCESS_CPUTIME_ID, "process_time")
CLOCK_FN(thread_time, CLOCK_THREAD_CPUTIME_ID, "thread_time")
#undef CLOCK_FN

/* PyArg_ParseTuple's arity messages */
static bool tuple_arity(VM *vm, const char *fname, int nargs, int min, int max) {
    if (nargs >= min && nargs <= max) return true;
    bool few = nargs < min;
    int n = few ? min : max;
    vm_raise(vm, vm->exc_TypeError, "%s() takes %s %d argument%s (%d given)", fname,
             min == max ? "exactly" : few ? "at least" : "at most", n, n == 1 ? "" : "s", nargs);
    return false;
}

/* ---- sleep -------------------------------------------------------------- */

static Value raise_keyboard_interrupt(VM *vm) {
    vm->sigint_pending = 0;
    ObjException *e = exc_new(vm, vm->exc_KeyboardInterrupt, NULL, 0);
    return vm_raise_value(vm, MAKE_OBJ(e));
}

/* Seconds as nanoseconds (_PyTime_FromSecondsObject, rounding up as
 * time.sleep does). */
static bool secs_to_ns(VM *vm, Value v, int64_t *out) {
    if (IS_FLOAT(v)) {
        double d = AS_FLOAT(v);
        if (isnan(d)) {
            vm_raise(vm, vm->exc_ValueError, "Invalid value NaN (not a number)");
            return false;
        }
        double ns = ceil(d * 1e9);
        if (!(ns >= -9.2e18 && ns <= 9.2e18)) {
            vm_raise(vm, vm->exc_OverflowError, "timestamp out of range for platform time_t");
            return false;
        }
        *out = (int64_t)ns;
        return true;
    }
    if (IS_BIGINT(v)) {
        vm_raise(vm, vm->exc_OverflowError, "timestamp too large to convert to C _PyTime_t");
        return false;
    }
    int64_t s;
    if (!vm_to_index(vm, v, &s)) return false;
    if (s > INT64_MAX / 1000000000LL || s < INT64_MIN / 1000000000LL) {
        vm_raise(vm, vm->exc_OverflowError, "timestamp too large to convert to C _PyTime_t");
        return false;
    }
    *out = s * 1000000000LL;
    return true;
}

static Value t_sleep(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "time.sleep", nargs, 1, 1)) return VAL_NULL;
    int64_t ns;
    if (!secs_to_ns(vm, args[0], &ns)) return VAL_NULL;
    if (ns < 0) return vm_raise(vm, vm->exc_ValueError, "sleep length must be non-negative");
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    int64_t end_sec = (int64_t)deadline.tv_sec + ns / 1000000000LL;
    int64_t end_nsec = (int64_t)deadline.tv_nsec + ns % 1000000000LL;
    if (end_nsec >= 1000000000LL) {
        end_sec++;
        end_nsec -= 1000000000LL;
    }
    deadline.tv_sec = (time_t)end_sec;
    deadline.tv_nsec = (long)end_nsec;
    fflush(vm->out);
    for (;;) {
        if (vm->sigint_pending) return raise_keyboard_interrupt(vm);
        int r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL);
        if (r == 0) break;
        if (r != EINTR) {
            errno = r;
            Value a[2] = {MAKE_INT(r), MAKE_OBJ(str_from_cstr(vm, strerror(r)))};
            return vm_raise_value(vm, MAKE_OBJ(exc_new(vm, vm->exc_OSError, a, 2)));
        }
    }
    if (vm->sigint_pending) return raise_keyboard_interrupt(vm);
    return VAL_NONE;
}

/* ---- struct_time ------------------------------------------------------- */

static const char *const field_names[9] = {"tm_year", "tm_mon",  "tm_mday", "tm_hour", "tm_min",
                                           "tm_sec",  "tm_wday", "tm_yday", "tm_isdst"};

static ObjType *struct_time_type(VM *vm) {
    for (int i = vm->nbuiltin_types - 1; i >= 0; i--) {
        ObjType *t = vm->builtin_types[i];
        if (t->kind == OK_TUPLE && t->module && strcmp(t->module->data, "time") == 0 &&
            strcmp(t->name->data, "struct_time") == 0)
            return t;
    }
    return vm->t_tuple;
}

/* A struct_time with hidden gmtoff/zone slots. */
static ObjTuple *struct_time_alloc(VM *vm, ObjType *type, const Value *items, int64_t gmtoff, int zone) {
    ObjTuple *t = (ObjTuple *)gc_alloc(vm, sizeof(ObjTuple) + 11 * sizeof(Value), type, OK_TUPLE);
    t->len = 9;
    for (int i = 0; i < 9; i++) t->items[i] = items[i];
    t->items[9] = MAKE_INT(gmtoff);
    t->items[10] = MAKE_INT(zone);
    return t;
}

static bool has_hidden(ObjTuple *t, VM *vm) {
    return t->obj.type == struct_time_type(vm) && t->obj.gc_size == sizeof(ObjTuple) + 11 * sizeof(Value) &&
           t->len == 9;
}

static Value tm_to_struct(VM *vm, const struct tm *tm, int zone) {
    Value items[9] = {MAKE_INT((int64_t)tm->tm_year + 1900),
                      MAKE_INT(tm->tm_mon + 1),
                      MAKE_INT(tm->tm_mday),
                      MAKE_INT(tm->tm_hour),
                      MAKE_INT(tm->tm_min),
                      MAKE_INT(tm->tm_sec),
                      MAKE_INT((tm->tm_wday + 6) % 7),
                      MAKE_INT(tm->tm_yday + 1),
                      MAKE_INT(tm->tm_isdst)};
    return MAKE_OBJ(struct_time_alloc(vm, struct_time_type(vm), items, (int64_t)tm->tm_gmtoff, zone));
}

#define ST_GET(i)                                                                 \
    static Value st_get_##i(VM *vm, Value self) {                                 \
        ObjTuple *t = AS_TUPLE(self);                                             \
        return (i) < t->len ? t->items[i] : VAL_NONE;                             \
    }
ST_GET(0)
ST_GET(1)
ST_GET(2)
ST_GET(3)
ST_GET(4)
ST_GET(5)
ST_GET(6)
ST_GET(7)
ST_GET(8)
#undef ST_GET

static Value st_get_zone(VM *vm, Value self) {
    ObjTuple *t = AS_TUPLE(self);
    if (!has_hidden(t, vm)) return VAL_NONE;
    int64_t code = AS_INT(t->items[10]);
    if (code == ZONE_GMT) return MAKE_OBJ(str_from_cstr(vm, "GMT"));
    if (code == ZONE_LOCAL) {
        tzset();
        int dst = IS_INT(t->items[8]) && AS_INT(t->items[8]) > 0;
        return MAKE_OBJ(str_from_cstr(vm, tzname[dst]));
    }
    return VAL_NONE;
}

static Value st_get_gmtoff(VM *vm, Value self) {
    ObjTuple *t = AS_TUPLE(self);
    if (!has_hidden(t, vm) || AS_INT(t->items[10]) == ZONE_NONE) return VAL_NONE;
    return t->items[9];
}

static const GetSetDef st_getsets[] = {
    {"tm_year", st_get_0, NULL}, {"tm_mon", st_get_1, NULL},  {"tm_mday", st_get_2, NULL},
    {"tm_hour", st_get_3, NULL}, {"tm_min", st_get_4, NULL},  {"tm_sec", st_get_5, NULL},
    {"tm_wday", st_get_6, NULL}, {"tm_yday", st_get_7, NULL}, {"tm_isdst", st_get_8, NULL},
    {"tm_zone", st_get_zone, NULL}, {"tm_gmtoff", st_get_gmtoff, NULL}, {NULL, NULL, NULL},
};

static Value st_repr(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (nargs < 1 || !IS_TUPLE(args[0])) return vm_raise(vm, vm->exc_TypeError, "bad struct_time");
    ObjTuple *t = AS_TUPLE(args[0]);
    StrBuf b;
    strbuf_init(&b);
    strbuf_add_cstr(&b, "time.struct_time(");
    for (int64_t i = 0; i < t->len && i < 9; i++) {
        Value r = vm_repr(vm, t->items[i]);
        if (IS_NULL(r)) {
            strbuf_free(&b);
            return VAL_NULL;
        }
        if (i) strbuf_add_cstr(&b, ", ");
        strbuf_add_cstr(&b, field_names[i]);
        strbuf_add_char(&b, '=');
        strbuf_add_str(&b, AS_STR(r));
    }
    strbuf_add_char(&b, ')');
    return MAKE_OBJ(strbuf_finish(vm, &b));
}

static Value st_new(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    Value seq, dict;
    if (nargs < 1 || !IS_TYPE(args[0])) return vm_raise(vm, vm->exc_TypeError, "struct_time.__new__(X): X is not a type object");
    if (!vm_parse_args(vm, "struct_time", args + 1, nargs - 1, kw, "sequence|dict", &seq, &dict)) return VAL_NULL;
    ObjTuple *src = tuple_from_iterable(vm, seq);
    if (!src) {
        if (vm_exc_matches(vm, vm->exc_TypeError)) {
            vm_clear_exc(vm);
            return vm_raise(vm, vm->exc_TypeError, "constructor requires a sequence");
        }
        return VAL_NULL;
    }
    if (src->len < 9)
        return vm_raise(vm, vm->exc_TypeError, "time.struct_time() takes an at least 9-sequence (%lld-sequence given)",
                        (long long)src->len);
    if (src->len > 11)
        return vm_raise(vm, vm->exc_TypeError, "time.struct_time() takes an at most 11-sequence (%lld-sequence given)",
                        (long long)src->len);
    int64_t gmtoff = 0;
    int zone = ZONE_NONE;
    if (src->len == 11 && IS_INT(src->items[10])) {
        gmtoff = AS_INT(src->items[10]);
        zone = ZONE_LOCAL;
    }
    return MAKE_OBJ(struct_time_alloc(vm, AS_TYPE(args[0]), src->items, gmtoff, zone));
}

static const MethodDef st_methods[] = {
    {"__repr__", st_repr, 0, NULL},
    {"__new__", st_new, METH_STATIC | METH_KW, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- conversions ------------------------------------------------------ */

/* secs (None/missing: now) to time_t, rounding toward minus infinity */
static bool obj_to_time_t(VM *vm, Value v, time_t *out) {
    if (IS_NULL(v) || IS_NONE(v)) {
        *out = time(NULL);
        return true;
    }
    if (IS_FLOAT(v)) {
        double d = AS_FLOAT(v);
        if (isnan(d)) {
            vm_raise(vm, vm->exc_ValueError, "Invalid value NaN (not a number)");
            return false;
        }
        d = floor(d);
        if (!(d >= -9.2e18 && d <= 9.2e18)) {
            vm_raise(vm, vm->exc_OverflowError, "timestamp out of range for platform time_t");
            return false;
        }
        *out = (time_t)d;
        return true;
    }
    if (IS_BIGINT(v)) {
        vm_raise(vm, vm->exc_OverflowError, "timestamp out of range for platform time_t");
        return false;
    }
    int64_t i;
    if (!vm_to_index(vm, v, &i)) return false;
    *out = (time_t)i;
    return true;
}

static Value t_gmtime(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!tuple_arity(vm, "gmtime", nargs, 0, 1)) return VAL_NULL;
    time_t t;
    if (!obj_to_time_t(vm, nargs ? args[0] : VAL_NULL, &t)) return VAL_NULL;
    struct tm tm;
    errno = 0;
    if (!gmtime_r(&t, &tm)) {
        if (errno == EOVERFLOW || errno == 0) return vm_raise(vm, vm->exc_OverflowError, "timestamp out of range for platform time_t");
        Value a[2] = {MAKE_INT(errno), MAKE_OBJ(str_from_cstr(vm, strerror(errno)))};
        return vm_raise_value(vm, MAKE_OBJ(exc_new(vm, vm->exc_OSError, a, 2)));
    }
    return tm_to_struct(vm, &tm, ZONE_GMT);
}

static bool local_tm(VM *vm, time_t t, struct tm *tm) {
    errno = 0;
    if (!localtime_r(&t, tm)) {
        if (errno == EOVERFLOW || errno == 0) {
            vm_raise(vm, vm->exc_OverflowError, "timestamp out of range for platform time_t");
        } else {
            Value a[2] = {MAKE_INT(errno), MAKE_OBJ(str_from_cstr(vm, strerror(errno)))};
            vm_raise_value(vm, MAKE_OBJ(exc_new(vm, vm->exc_OSError, a, 2)));
        }
        return false;
    }
    return true;
}

static Value t_localtime(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!tuple_arity(vm, "localtime", nargs, 0, 1)) return VAL_NULL;
    time_t t;
    if (!obj_to_time_t(vm, nargs ? args[0] : VAL_NULL, &t)) return VAL_NULL;
    struct tm tm;
    if (!local_tm(vm, t, &tm)) return VAL_NULL;
    return tm_to_struct(vm, &tm, ZONE_LOCAL);
}

/* gettmarg: a 9-tuple or struct_time into a struct tm */
static bool get_tm_arg(VM *vm, Value v, struct tm *p, const char *fname) {
    memset(p, 0, sizeof *p);
    if (!IS_TUPLE(v)) {
        vm_raise(vm, vm->exc_TypeError, "Tuple or struct_time argument required");
        return false;
    }
    ObjTuple *t = AS_TUPLE(v);
    if (t->len != 9) {
        vm_raise(vm, vm->exc_TypeError, "%s(): illegal time tuple argument", fname);
        return false;
    }
    int64_t f[9];
    for (int i = 0; i < 9; i++) {
        if (IS_FLOAT(t->items[i])) {
            vm_raise(vm, vm->exc_TypeError, "'float' object cannot be interpreted as an integer");
            return false;
        }
        if (IS_BIGINT(t->items[i])) {
            vm_raise(vm, vm->exc_OverflowError, "Python int too large to convert to C long");
            return false;
        }
        if (!vm_to_index(vm, t->items[i], &f[i])) return false;
        if (f[i] > INT_MAX || f[i] < INT_MIN) {
            vm_raise(vm, vm->exc_OverflowError, "Python int too large to convert to C int");
            return false;
        }
    }
    if (f[0] < (int64_t)INT_MIN + 1900) {
        vm_raise(vm, vm->exc_OverflowError, "year out of range");
        return false;
    }
    p->tm_year = (int)(f[0] - 1900);
    p->tm_mon = (int)f[1] - 1;
    p->tm_mday = (int)f[2];
    p->tm_hour = (int)f[3];
    p->tm_min = (int)f[4];
    p->tm_sec = (int)f[5];
    p->tm_wday = (int)((f[6] + 1) % 7);
    if (p->tm_wday < 0) p->tm_wday += 7;
    p->tm_yday = (int)f[7] - 1;
    p->tm_isdst = (int)f[8];
    if (has_hidden(t, vm)) {
        int64_t code = AS_INT(t->items[10]);
        if (code == ZONE_GMT) {
            p->tm_zone = "GMT";
            p->tm_gmtoff = 0;
        } else if (code == ZONE_LOCAL) {
            tzset();
            p->tm_zone = tzname[p->tm_isdst > 0];
            p->tm_gmtoff = (long)AS_INT(t->items[9]);
        }
    }
    return true;
}

static bool check_tm(VM *vm, struct tm *buf) {
    const char *msg = NULL;
    if (buf->tm_mon == -1) buf->tm_mon = 0;
    else if (buf->tm_mon < 0 || buf->tm_mon > 11) msg = "month out of range";
    if (!msg) {
        if (buf->tm_mday == 0) buf->tm_mday = 1;
        else if (buf->tm_mday < 0 || buf->tm_mday > 31) msg = "day of month out of range";
    }
    if (!msg && (buf->tm_hour < 0 || buf->tm_hour > 23)) msg = "hour out of range";
    if (!msg && (buf->tm_min < 0 || buf->tm_min > 59)) msg = "minute out of range";
    if (!msg && (buf->tm_sec < 0 || buf->tm_sec > 61)) msg = "seconds out of range";
    if (!msg && buf->tm_wday < 0) msg = "day of week out of range";
    if (!msg) {
        if (buf->tm_yday == -1) buf->tm_yday = 0;
        else if (buf->tm_yday < 0 || buf->tm_yday > 365) msg = "day of year out of range";
    }
    if (msg) {
        vm_raise(vm, vm->exc_ValueError, "%s", msg);
        return false;
    }
    return true;
}

static Value t_strftime(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!tuple_arity(vm, "strftime", nargs, 1, 2)) return VAL_NULL;
    if (!IS_STR(args[0]))
        return vm_raise(vm, vm->exc_TypeError, "strftime() argument 1 must be str, not %s", vm_type_name(vm, args[0]));
    struct tm buf;
    if (nargs < 2) {
        time_t now = time(NULL);
        if (!local_tm(vm, now, &buf)) return VAL_NULL;
    } else {
        if (!get_tm_arg(vm, args[1], &buf, "strftime") || !check_tm(vm, &buf)) return VAL_NULL;
        if (buf.tm_isdst < -1) buf.tm_isdst = -1;
        else if (buf.tm_isdst > 1) buf.tm_isdst = 1;
    }
    ObjStr *fmt = AS_STR(args[0]);
    if (strlen(fmt->data) != (size_t)fmt->len) return vm_raise(vm, vm->exc_ValueError, "embedded null character");
    size_t fmtlen = (size_t)fmt->len;
    for (size_t size = 1024;; size += size) {
        char *out = malloc(size);
        if (!out) return vm_raise_no_memory(vm);
        size_t n = strftime(out, size, fmt->data, &buf);
        if (n > 0 || size >= 256 * fmtlen) {
            ObjStr *r = str_decode_utf8(vm, out, n, "replace");
            free(out);
            return r ? MAKE_OBJ(r) : VAL_NULL;
        }
        free(out);
    }
}

static Value asctime_of(VM *vm, const struct tm *tm) {
    static const char wday_name[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char mon_name[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return MAKE_OBJ(str_printf(vm, "%s %s%3d %.2d:%.2d:%.2d %lld", wday_name[tm->tm_wday], mon_name[tm->tm_mon],
                               tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec, 1900LL + tm->tm_year));
}

static Value t_asctime(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "asctime", nargs, 0, 1)) return VAL_NULL;
    struct tm buf;
    if (nargs == 0) {
        if (!local_tm(vm, time(NULL), &buf)) return VAL_NULL;
    } else if (!get_tm_arg(vm, args[0], &buf, "asctime") || !check_tm(vm, &buf)) {
        return VAL_NULL;
    }
    return asctime_of(vm, &buf);
}

static Value t_ctime(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!tuple_arity(vm, "ctime", nargs, 0, 1)) return VAL_NULL;
    time_t t;
    if (!obj_to_time_t(vm, nargs ? args[0] : VAL_NULL, &t)) return VAL_NULL;
    struct tm tm;
    if (!local_tm(vm, t, &tm)) return VAL_NULL;
    return asctime_of(vm, &tm);
}

static Value t_mktime(VM *vm, Value *args, int nargs, ObjTuple *kw) {
    if (!vm_check_args(vm, "time.mktime", nargs, 1, 1)) return VAL_NULL;
    struct tm buf;
    if (!get_tm_arg(vm, args[0], &buf, "mktime")) return VAL_NULL;
    buf.tm_wday = -1;
    time_t t = mktime(&buf);
    if (t == (time_t)-1 && buf.tm_wday == -1)
        return vm_raise(vm, vm->exc_OverflowError, "mktime argument out of range");
    return MAKE_FLOAT((double)t);
}

static const MethodDef time_functions[] = {
    {"time", t_time, 0, NULL},
    {"time_ns", t_time_ns, 0, NULL},
    {"monotonic", t_monotonic, 0, NULL},
    {"monotonic_ns", t_monotonic_ns, 0, NULL},
    {"perf_counter", t_perf_counter, 0, NULL},
    {"perf_counter_ns", t_perf_counter_ns, 0, NULL},
    {"process_time", t_process_time, 0, NULL},
    {"process_time_ns", t_process_time_ns, 0, NULL},
    {"thread_time", t_thread_time, 0, NULL},
    {"thread_time_ns", t_thread_time_ns, 0, NULL},
    {"sleep", t_sleep, 0, NULL},
    {"gmtime", t_gmtime, 0, NULL},
    {"localtime", t_localtime, 0, NULL},
    {"strftime", t_strftime, 0, NULL},
    {"asctime", t_asctime, 0, NULL},
    {"ctime", t_ctime, 0, NULL},
    {"mktime", t_mktime, 0, NULL},
    {NULL, NULL, 0, NULL},
};

ObjModule *time_module_init(VM *vm) {
    ObjModule *m = module_new(vm, "time");
    module_add_functions(vm, m, time_functions);
    ObjType *st = type_new_builtin(vm, "struct_time", vm->t_tuple, OK_TUPLE, sizeof(ObjTuple), NULL, NULL, TF_BUILTIN);
    st->module = str_intern_cstr(vm, "time");
    type_add_getsets(vm, st, st_getsets);
    type_add_methods(vm, st, st_methods);
    type_set_attr(vm, st, "n_fields", MAKE_INT(11));
    type_set_attr(vm, st, "n_sequence_fields", MAKE_INT(9));
    type_set_attr(vm, st, "n_unnamed_fields", MAKE_INT(0));
    module_set(vm, m, "struct_time", MAKE_OBJ(st));

    tzset();
    /* as CPython's init_timezone: offsets from January and July */
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    int year = tm.tm_year;
    struct tm jan = {0}, jul = {0};
    jan.tm_year = year;
    jan.tm_mday = 1;
    jan.tm_isdst = -1;
    jul.tm_year = year;
    jul.tm_mon = 6;
    jul.tm_mday = 1;
    jul.tm_isdst = -1;
    time_t tj = mktime(&jan), tl = mktime(&jul);
    struct tm lj, ll;
    localtime_r(&tj, &lj);
    localtime_r(&tl, &ll);
    long janoff = -lj.tm_gmtoff, juloff = -ll.tm_gmtoff;
    const char *janname = lj.tm_zone ? lj.tm_zone : tzname[0];
    const char *julname = ll.tm_zone ? ll.tm_zone : tzname[1];
    long tz, alt;
    const char *n0, *n1;
    if (janoff < juloff) { /* DST is reversed in the southern hemisphere */
        tz = juloff;
        alt = janoff;
        n0 = julname;
        n1 = janname;
    } else {
        tz = janoff;
        alt = juloff;
        n0 = janname;
        n1 = julname;
    }
    module_set(vm, m, "timezone", MAKE_INT(tz));
    module_set(vm, m, "altzone", MAKE_INT(alt));
    module_set(vm, m, "daylight", MAKE_INT(janoff != juloff));
    Value names[2] = {MAKE_OBJ(str_from_cstr(vm, n0)), MAKE_OBJ(str_from_cstr(vm, n1))};
    module_set(vm, m, "tzname", MAKE_OBJ(tuple_from(vm, names, 2)));
    return m;
}
