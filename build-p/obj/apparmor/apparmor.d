build-p/obj/apparmor/apparmor.o: src/apparmor/apparmor.c \
 include/apparmor.h include/recording.h include/learnprof_abi.h \
 include/strmap.h include/apparmor_rules.h include/learnprof_abi.h \
 include/names.h include/paths.h include/util.h include/profile_name.h \
 include/recording.h include/strmap.h include/util.h include/volatile.h \
 src/apparmor/model.h
include/apparmor.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/apparmor_rules.h:
include/learnprof_abi.h:
include/names.h:
include/paths.h:
include/util.h:
include/profile_name.h:
include/recording.h:
include/strmap.h:
include/util.h:
include/volatile.h:
src/apparmor/model.h:
