import mod_cycle_a
print(mod_cycle_a.use_b())
import mod_cycle_b
print(mod_cycle_b.use_a())
print(mod_cycle_a.mod_cycle_b is mod_cycle_b, mod_cycle_b.mod_cycle_a is mod_cycle_a)
