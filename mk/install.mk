# make install / make uninstall, with the GNU directory variables: the
# launcher, the public headers, the QoS client library (static and
# shared), two pkg-config files, the man pages, and a systemd service with
# its settings file.  docs/install.md is the user's side.
#
#   make install   PREFIX=/usr DESTDIR=/tmp/pkg
#   make uninstall PREFIX=/usr DESTDIR=/tmp/pkg
#
# Included by the Makefile after its build rules (it uses BUILD, OBJ,
# BUILD_CFLAGS, QOS_LIB_SRCS and BPF_CFLAGS).  To
# install one more file (a man page, a systemd unit) add one word to
# INSTALL_FILES (INSTALL_CONFIGS for a file the admin edits); uninstall
# follows from the same lists.

# A recipe of one shell line per file: $(call lines,...) of words that
# each start with $(nl).  foreach joins with spaces: no line should end in
# one.
define nl


endef
empty :=
space := $(empty) $(empty)
lines = $(subst $(space)$(nl),$(nl),$(1))

PREFIX       ?= /usr/local
EXEC_PREFIX  ?= $(PREFIX)
BINDIR       ?= $(EXEC_PREFIX)/bin
LIBDIR       ?= $(EXEC_PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
DATAROOTDIR  ?= $(PREFIX)/share
DATADIR      ?= $(DATAROOTDIR)
MANDIR       ?= $(DATAROOTDIR)/man
# /etc for a system install (PREFIX=/usr has no /usr/etc), else under
# PREFIX: /usr/local/etc, /opt/scxkit/etc.
SYSCONFDIR   ?= $(if $(filter /usr /usr/,$(PREFIX)),/etc,$(PREFIX)/etc)
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
# systemd reads units from /usr/local/lib/systemd/system as well as from
# /usr/lib/systemd/system (PREFIX=/usr); Debian's packages use /lib/...
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
INSTALL      ?= install
LDCONFIG     ?= ldconfig

# libscxkit_qos.so's version: MAJOR goes up when a program built against
# the previous library could break (a function removed or changed), MINOR
# when functions are added (framework/libscxkit_qos.map says how).
QOS_SO_MAJOR := 0
QOS_SO_MINOR := 1
QOS_SONAME   := libscxkit_qos.so.$(QOS_SO_MAJOR)
QOS_SO       := $(BUILD)/$(QOS_SONAME).$(QOS_SO_MINOR)
QOS_MAP      := framework/libscxkit_qos.map

# --- the shared library --------------------------------------------------

# Built from position-independent objects of its own; the archive keeps
# the objects the programs in $(BUILD)/tests link.  The version script
# exports <scxkit/qos.h>'s functions and nothing else; -z defs fails the
# link if the library uses a symbol none of the libraries named provides.
all: $(QOS_SO)

$(OBJ)/pic/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(BUILD_CFLAGS) -fPIC -c $< -o $@

$(QOS_SO): $(patsubst %.c,$(OBJ)/pic/%.o,$(QOS_LIB_SRCS)) $(QOS_MAP) \
		mk/install.mk
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(QOS_SONAME) \
		-Wl,--version-script=$(QOS_MAP) -Wl,-z,defs \
		$(filter %.o,$^) -o $@ -lbpf -lpthread

# tests/host/check_install.sh (run by test-unit) installs both libraries.
test-unit: $(QOS_SO) $(BUILD)/libscxkit_qos.a

# --- pkg-config ----------------------------------------------------------

PC_FILES := scxkit-qos scxkit-policy
# What a policy object needs from clang: BPF_CFLAGS without this tree's
# warnings, include paths and dependency files.
POLICY_BPF_CFLAGS := $(filter-out -W% -MMD -MP -I% -isystem $(OBJ)/include,$(BPF_CFLAGS))
# A folder under PREFIX is written ${prefix}/..., so pkg-config's
# --define-prefix or --define-variable=prefix=DIR can move the tree.
pc_dir = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))

# Written at every install: PREFIX and the folders may differ each time.
$(BUILD)/pkgconfig/%.pc: mk/%.pc.in FORCE
	@mkdir -p $(@D)
	sed -e 's|@prefix@|$(PREFIX)|g' \
		-e 's|@libdir@|$(call pc_dir,$(LIBDIR))|g' \
		-e 's|@includedir@|$(call pc_dir,$(INCLUDEDIR))|g' \
		-e 's|@version@|$(SCXKIT_VERSION)|g' \
		-e 's|@bpf_cflags@|$(POLICY_BPF_CFLAGS)|g' \
		-e 's|@clang@|$(CLANG)|g' $< >$@

# --- the systemd service -------------------------------------------------

# Written at every install, with the folders of that install: ExecStart
# names $(BINDIR)/scxkit, EnvironmentFile $(SYSCONFDIR)/default/scxkit.
$(BUILD)/systemd/scxkit.service: packaging/scxkit.service.in FORCE
	@mkdir -p $(@D)
	sed -e 's|@bindir@|$(BINDIR)|g' \
		-e 's|@sysconfdir@|$(SYSCONFDIR)|g' $< >$@

# --- what goes where ------------------------------------------------------

# The man pages, each into man<section>/ (tests/host/check_man.sh keeps
# them in step with --help and the headers).
MAN_PAGES := scxkit.8 scxkit-policy.7 scxkit_qos.3

INSTALL_HEADERS := $(patsubst include/%,%,$(sort \
	$(shell find include/scxkit -type f -name '*.h')))

# One word per file: SOURCE:DESTINATION:MODE, the destination without
# DESTDIR.
INSTALL_FILES = \
	$(BUILD)/scxkit:$(BINDIR)/scxkit:755 \
	$(BUILD)/libscxkit_qos.a:$(LIBDIR)/libscxkit_qos.a:644 \
	$(QOS_SO):$(LIBDIR)/$(notdir $(QOS_SO)):644 \
	$(foreach h,$(INSTALL_HEADERS),include/$(h):$(INCLUDEDIR)/$(h):644) \
	$(foreach p,$(PC_FILES),$(BUILD)/pkgconfig/$(p).pc:$(PKGCONFIGDIR)/$(p).pc:644) \
	$(foreach m,$(MAN_PAGES),man/$(m):$(MANDIR)/man$(subst .,,$(suffix $(m)))/$(m):644) \
	$(BUILD)/systemd/scxkit.service:$(SYSTEMDUNITDIR)/scxkit.service:644
# Files the admin edits, in the same form: install puts one only where
# there is none yet, so installing again keeps the admin's settings;
# uninstall removes it like the rest.
INSTALL_CONFIGS = \
	packaging/scxkit.default:$(SYSCONFDIR)/default/scxkit:644
# Symbolic links, LINK:TARGET, the target relative to the link's folder:
# the soname the loader looks for, and the name -lscxkit_qos finds.
INSTALL_LINKS = \
	$(LIBDIR)/$(QOS_SONAME):$(notdir $(QOS_SO)) \
	$(LIBDIR)/libscxkit_qos.so:$(QOS_SONAME)
# Folders that are scxkit's alone: uninstall removes them once empty.
INSTALL_OWN_DIRS = $(patsubst %/,%,$(dir $(addprefix $(INCLUDEDIR)/,$(INSTALL_HEADERS))))
# The folders install had to make (say lib/systemd/system under
# /usr/local), one a line, kept over reinstalls: uninstall removes those
# it leaves empty, and no folder that was there before (bin/, /etc/default).
INSTALL_DIRS_LIST = $(DATADIR)/scxkit/installed-folders
INSTALL_DIRS = $(sort $(patsubst %/,%,$(dir $(foreach f,$(INSTALL_FILES) \
	$(INSTALL_CONFIGS),$(call field,$(f),2)) $(INSTALL_DIRS_LIST))))

field = $(word $(2),$(subst :, ,$(1)))
reverse = $(if $(1),$(call reverse,$(wordlist 2,$(words $(1)),$(1))) $(firstword $(1)))
# Only a real install (no DESTDIR) by root refreshes the loader's cache,
# so that programs find the new soname at once.
ldconfig = $(if $(DESTDIR),,@if [ "$$(id -u)" = 0 ] && \
	command -v $(LDCONFIG) >/dev/null; then $(LDCONFIG); fi)

ifneq ($(filter install uninstall,$(MAKECMDGOALS)),)
$(foreach v,PREFIX BINDIR LIBDIR INCLUDEDIR DATADIR MANDIR SYSCONFDIR \
	PKGCONFIGDIR SYSTEMDUNITDIR,$(if $(or $(findstring :,$($(v))),$(word 2,$($(v))), \
	$(filter-out /%,$($(v)))),$(error $(v)='$($(v))': an install \
	folder is one absolute path, without colons or spaces)))
endif

.PHONY: install uninstall FORCE

install: $(foreach f,$(INSTALL_FILES) $(INSTALL_CONFIGS),$(call field,$(f),1))
	@for d in $(INSTALL_DIRS); do \
		while [ -n "$$d" ] && [ ! -d '$(DESTDIR)'"$$d" ]; do \
			echo "$$d"; d=$${d%/*}; done; \
	done >$(BUILD)/install-new-folders
	$(call lines,$(foreach f,$(INSTALL_FILES),$(nl)$(INSTALL) -D \
		-m $(call field,$(f),3) $(call field,$(f),1) \
		'$(DESTDIR)$(call field,$(f),2)'))
	$(call lines,$(foreach f,$(INSTALL_CONFIGS),$(nl)if [ -e \
		'$(DESTDIR)$(call field,$(f),2)' ]; then echo 'kept \
		$(DESTDIR)$(call field,$(f),2); the new one is \
		$(call field,$(f),1)'; else $(INSTALL) -D \
		-m $(call field,$(f),3) $(call field,$(f),1) \
		'$(DESTDIR)$(call field,$(f),2)'; fi))
	$(call lines,$(foreach l,$(INSTALL_LINKS),$(nl)ln -sfn \
		$(call field,$(l),2) '$(DESTDIR)$(call field,$(l),1)'))
	{ cat '$(DESTDIR)$(INSTALL_DIRS_LIST)' 2>/dev/null; \
		cat $(BUILD)/install-new-folders; } | sort -u \
		>$(BUILD)/installed-folders
	$(INSTALL) -D -m 644 $(BUILD)/installed-folders \
		'$(DESTDIR)$(INSTALL_DIRS_LIST)'
	$(ldconfig)

# A settings file that differs from the one shipped is the admin's work:
# kept, and said so.  Children sort after their parents, so the reversed
# lists empty the deepest folder first.
uninstall:
	rm -f $(foreach f,$(INSTALL_FILES),'$(DESTDIR)$(call field,$(f),2)') \
		$(foreach l,$(INSTALL_LINKS),'$(DESTDIR)$(call field,$(l),1)')
	$(call lines,$(foreach f,$(INSTALL_CONFIGS),$(nl)if cmp -s \
		$(call field,$(f),1) '$(DESTDIR)$(call field,$(f),2)'; then \
		rm -f '$(DESTDIR)$(call field,$(f),2)'; elif [ -e \
		'$(DESTDIR)$(call field,$(f),2)' ]; then echo 'kept \
		$(DESTDIR)$(call field,$(f),2): it differs from \
		$(call field,$(f),1), so it holds your settings; remove it \
		yourself if you no longer want them'; fi))
	$(call lines,$(foreach d,$(call reverse,$(sort $(INSTALL_OWN_DIRS))),$(nl)if \
		[ -d '$(DESTDIR)$(d)' ]; then rmdir \
		--ignore-fail-on-non-empty '$(DESTDIR)$(d)'; fi))
	@dirs=$$(sort -r '$(DESTDIR)$(INSTALL_DIRS_LIST)' 2>/dev/null); \
	rm -f '$(DESTDIR)$(INSTALL_DIRS_LIST)'; \
	for d in $$dirs; do \
		if [ -d '$(DESTDIR)'"$$d" ]; then rmdir \
			--ignore-fail-on-non-empty '$(DESTDIR)'"$$d"; fi; \
	done
	$(ldconfig)

FORCE:
