import mod_errors
print("calling into module")
mod_errors.fail("module level failure")
