build-p/obj/apparmor/rules.o: src/apparmor/rules.c \
 include/apparmor_rules.h include/names.h include/util.h
include/apparmor_rules.h:
include/names.h:
include/util.h:
