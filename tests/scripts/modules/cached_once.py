import mod_user_a
import mod_user_b
import mod_shared
print(mod_shared.items)
import mod_user_a
print(mod_shared.items)
import mod_shared as again
print(again is mod_shared, mod_user_a.mod_shared is mod_user_b.mod_shared)
