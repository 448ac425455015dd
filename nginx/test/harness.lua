-- The small test harness of the Lua unit tests: test(name, body), eq(actual, expected, what)
-- and finish(suite), which prints the count and exits non-zero on a failure.

package.path = "nginx/lua/?.lua;nginx/test/?.lua;" .. package.path

local harness = {}
local failures, passed = 0, 0

function harness.test(name, body)
  local ok, err = pcall(body)
  if ok then
    passed = passed + 1
  else
    failures = failures + 1
    io.stderr:write("FAIL ", name, ": ", tostring(err), "\n")
  end
end

-- Arrays compare as their elements joined by spaces.
function harness.eq(actual, expected, what)
  if type(expected) == "table" then
    actual = type(actual) == "table" and table.concat(actual, " ") or tostring(actual)
    expected = table.concat(expected, " ")
  end
  if actual ~= expected then
    error(string.format("%s: expected %s, got %s", what, tostring(expected), tostring(actual)), 2)
  end
end

function harness.finish(suite)
  print(string.format("%s: %d passed, %d failed", suite, passed, failures))
  os.exit(failures == 0 and 0 or 1)
end

return harness
