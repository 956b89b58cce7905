build-p/obj/reach/reach_text.o: src/reach/reach_text.c include/reach.h \
 include/util.h include/recording.h include/learnprof_abi.h \
 include/strmap.h
include/reach.h:
include/util.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
