# helper
import mod_shared
mod_shared.items.append("from a")
