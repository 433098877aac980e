# KBS resource policy that releases nothing.
package policy

import rego.v1

default allow := false
