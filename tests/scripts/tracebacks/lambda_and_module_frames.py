# full-stderr
import helper_tb
print("calling helper")
helper_tb.explode("via module")
