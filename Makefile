# Coil build. `make` builds ./coil, `make test` runs every test, `make run` starts the prompt.
# SAN=1 builds with AddressSanitizer + UBSan; STRESS=1 collects garbage at every allocation;
# SWITCH=1 uses switch dispatch instead of computed goto.
CC ?= cc
PREFIX ?= /usr/local
BUILD := build
CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter -Iinterp -Istdlib
ifeq ($(SAN),1)
  BUILD := build-san
  CFLAGS_OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  LDFLAGS_SAN := -fsanitize=address,undefined
else
  CFLAGS_OPT := -O2 -g
endif
ifeq ($(STRESS),1)
  BUILD := $(BUILD)-stress
  CFLAGS_OPT += -DCOIL_GC_STRESS
endif
ifeq ($(SWITCH),1)
  BUILD := $(BUILD)-switch
  CFLAGS_OPT += -DCOIL_SWITCH_DISPATCH
endif
CFLAGS := $(CFLAGS_BASE) -I$(BUILD)/gen $(CFLAGS_OPT) $(EXTRA_CFLAGS)
LIBS := -lreadline -lgmp -lm

SRCS := $(wildcard interp/*.c) $(wildcard stdlib/*.c)
LIB_SRCS := $(filter-out interp/main.c,$(SRCS))
OBJS := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRCS))
MAIN_OBJ := $(BUILD)/interp/main.o
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
DEPS_STAMP := $(BUILD)/.deps-ok

ifeq ($(SAN),1)
  BIN := $(BUILD)/coil
else ifeq ($(STRESS),1)
  BIN := $(BUILD)/coil
else ifeq ($(SWITCH),1)
  BIN := $(BUILD)/coil
else
  BIN := coil
endif

.PHONY: all run test unit scripts install clean deps bench
all: $(BIN)

# Installs missing build dependencies on a fresh Debian machine (CI runs as root).
deps: $(DEPS_STAMP)
$(DEPS_STAMP):
	@mkdir -p $(BUILD)
	@need=""; \
	for p in libreadline-dev libcmocka-dev libgmp-dev pkg-config; do \
	  dpkg -s $$p >/dev/null 2>&1 || need="$$need $$p"; \
	done; \
	if [ -n "$$need" ]; then \
	  echo "installing:$$need"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$need; \
	fi
	@touch $@

$(BUILD)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# Standard-library modules written in Coil are embedded as C strings.
PY_MODULES := $(wildcard stdlib/*.py)
PY_INCS := $(patsubst stdlib/%.py,$(BUILD)/gen/%_py.inc,$(PY_MODULES))
$(BUILD)/tools/embed: tools/embed.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) -O1 -o $@ $<
$(BUILD)/gen/%_py.inc: stdlib/%.py $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $*_py < $< > $@
# The table of embedded modules: every stdlib/*.py, found by the wildcard.
PY_NAMES := $(patsubst stdlib/%.py,%,$(PY_MODULES))
$(BUILD)/gen/pymodules_table.inc: $(PY_INCS) Makefile
	@mkdir -p $(dir $@)
	@{ for m in $(PY_NAMES); do echo "#include \"$${m}_py.inc\""; done; \
	   echo "static const PyModuleSource modules[] = {"; \
	   for m in $(PY_NAMES); do echo "    {\"$$m\", $${m}_py, sizeof $${m}_py - 1},"; done; \
	   echo "};"; } > $@
$(BUILD)/stdlib/pymodules.o: $(PY_INCS) $(BUILD)/gen/pymodules_table.inc

$(BUILD)/libcoil.a: $(OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(BUILD)/libcoil.a
	$(CC) $(CFLAGS) $(LDFLAGS_SAN) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libcoil.a | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS_SAN) -o $@ $< $(BUILD)/libcoil.a $(LIBS) -lcmocka

run: $(BIN)
	./$(BIN)

unit: $(UNIT_BINS)

# The plain run also re-verifies every expectation against python3; the
# sanitizer and stress builds are slower, so their time limits are scaled.
ifneq ($(filter 1,$(SAN) $(STRESS)),)
  TEST_FLAGS := --timeout-scale 6
  export ASAN_OPTIONS := detect_leaks=0:exitcode=86
else
  TEST_FLAGS := --verify-expected
endif
ifeq ($(STRESS),1)
  TEST_FLAGS += --skip-heavy
endif

test: $(BIN) $(UNIT_BINS)
	@python3 tests/run_tests.py --coil ./$(BIN) --unit-dir $(BUILD)/tests $(TEST_FLAGS)

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/coil

bench: $(BIN)
	@python3 tests/bench/run_bench.py --coil ./$(BIN)

clean:
	rm -rf build build-san build-stress build-san-stress build-switch coil

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
