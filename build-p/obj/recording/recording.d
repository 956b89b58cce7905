build-p/obj/recording/recording.o: src/recording/recording.c \
 include/recording.h include/learnprof_abi.h include/strmap.h \
 include/util.h
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/util.h:
