build-p/obj/policy/profile_name.o: src/policy/profile_name.c \
 include/apparmor.h include/recording.h include/learnprof_abi.h \
 include/strmap.h include/profile_name.h include/util.h
include/apparmor.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/profile_name.h:
include/util.h:
