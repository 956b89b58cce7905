build-p/obj/policy/risk.o: src/policy/risk.c include/risk.h \
 include/util.h
include/risk.h:
include/util.h:
