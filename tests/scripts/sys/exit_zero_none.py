import sys
try:
    sys.exit()
except SystemExit as e:
    print("caught SystemExit", repr(e.code), e.args)
try:
    sys.exit(5)
except SystemExit as e:
    print("code", e.code)
try:
    raise SystemExit("text")
except SystemExit as e:
    print("code", repr(e.code))
try:
    sys.exit(0)
finally:
    print("finally runs during exit")
