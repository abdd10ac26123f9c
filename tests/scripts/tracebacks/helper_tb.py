# helper
def explode(why):
    check(why)
def check(why):
    raise RuntimeError("exploded " + why)
