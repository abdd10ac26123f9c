# helper
print("cycle a start")
import mod_cycle_b
A_VALUE = "a"
def use_b():
    return "a sees " + mod_cycle_b.B_VALUE
print("cycle a end")
