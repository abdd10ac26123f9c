# helper
print("cycle b start")
import mod_cycle_a
B_VALUE = "b"
def use_a():
    return "b sees " + mod_cycle_a.A_VALUE
print("cycle b end")
