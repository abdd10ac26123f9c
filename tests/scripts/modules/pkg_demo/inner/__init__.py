# helper: a subpackage
