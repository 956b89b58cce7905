build-p/obj/caps/caps.o: src/caps/caps.c include/caps.h \
 include/recording.h include/learnprof_abi.h include/strmap.h \
 include/jsonutil.h include/util.h include/names.h include/profile_name.h \
 include/strmap.h include/util.h
include/caps.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/jsonutil.h:
include/util.h:
include/names.h:
include/profile_name.h:
include/strmap.h:
include/util.h:
