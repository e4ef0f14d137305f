/// The Lua half of `kith plugins test`: busted-style `describe`, `it`, `before_each`,
/// `after_each`, `pending` and `assert`, run inside the plugin's own sandboxed state.
/// It is called with (spec file name, spec source, test number), runs that one test, and
/// returns { total = number of tests in the file, results = { that test's result } }: the
/// runner calls it once per test, each time on a fresh store.
enum SpecHarness {
    static let source = #"""
        local name, source, only = ...
        only = tonumber(only)
        local pcall, error, tostring, type, pairs, ipairs, select, setmetatable =
          pcall, error, tostring, type, pairs, ipairs, select, setmetatable
        local concat, format, find = table.concat, string.format, string.find

        local tests, path, levels = {}, {}, { { before = {}, after = {} } }

        function describe(title, body)
          path[#path + 1] = title
          levels[#levels + 1] = { before = {}, after = {} }
          body()
          levels[#levels] = nil
          path[#path] = nil
        end

        local function full_name(title)
          if #path == 0 then return title end
          return concat(path, " ") .. " " .. title
        end

        function it(title, body)
          local befores, afters = {}, {}
          for _, level in ipairs(levels) do
            for _, f in ipairs(level.before) do befores[#befores + 1] = f end
          end
          for k = #levels, 1, -1 do
            for _, f in ipairs(levels[k].after) do afters[#afters + 1] = f end
          end
          tests[#tests + 1] = { name = full_name(title), body = body, befores = befores, afters = afters }
        end

        function pending(title) tests[#tests + 1] = { name = full_name(title), pending = true } end
        function before_each(f) local l = levels[#levels].before l[#l + 1] = f end
        function after_each(f) local l = levels[#levels].after l[#l + 1] = f end

        local function show(v)
          if type(v) == "string" then return format("%q", v) end
          if type(v) ~= "table" then return tostring(v) end
          local parts = {}
          for k, x in pairs(v) do parts[#parts + 1] = tostring(k) .. "=" .. show(x) end
          return "{" .. concat(parts, ", ") .. "}"
        end

        local function same(a, b)
          if a == b then return true end
          if type(a) ~= "table" or type(b) ~= "table" then return false end
          for k, v in pairs(a) do if not same(v, b[k]) then return false end end
          for k in pairs(b) do if a[k] == nil then return false end end
          return true
        end

        local function fail(message, detail) error((message and (message .. ": ") or "") .. detail, 3) end

        local checks = {}
        function checks.equals(expected, actual, message)
          if expected ~= actual then fail(message, "expected " .. show(expected) .. ", got " .. show(actual)) end
        end
        function checks.same(expected, actual, message)
          if not same(expected, actual) then fail(message, "expected " .. show(expected) .. ", got " .. show(actual)) end
        end
        function checks.not_equals(unexpected, actual, message)
          if unexpected == actual then fail(message, "expected anything but " .. show(actual)) end
        end
        function checks.is_true(v, message) if v ~= true then fail(message, "expected true, got " .. show(v)) end end
        function checks.is_false(v, message) if v ~= false then fail(message, "expected false, got " .. show(v)) end end
        function checks.is_nil(v, message) if v ~= nil then fail(message, "expected nil, got " .. show(v)) end end
        function checks.is_not_nil(v, message) if v == nil then fail(message, "expected a value, got nil") end end
        function checks.truthy(v, message) if not v then fail(message, "expected a truthy value, got " .. show(v)) end end
        function checks.falsy(v, message) if v then fail(message, "expected a falsy value, got " .. show(v)) end end
        function checks.matches(pattern, s, message)
          if type(s) ~= "string" or not find(s, pattern) then fail(message, "expected " .. show(s) .. " to match " .. show(pattern)) end
        end
        function checks.has_error(f, expected, message)
          local ok, err = pcall(f)
          if ok then fail(message, "expected an error, got none") end
          if expected and not find(tostring(err), expected, 1, true) then
            fail(message, "expected an error containing " .. show(expected) .. ", got " .. show(tostring(err)))
          end
        end
        checks.equal, checks.are_equal, checks.same_as = checks.equals, checks.equals, checks.same
        checks.not_equal, checks.error = checks.not_equals, checks.has_error

        assert = setmetatable({}, {
          __index = function(_, key)
            if key == "are" or key == "is" then return assert end
            return checks[key] or error("assert." .. tostring(key) .. " is not an assertion Kith's spec runner knows", 2)
          end,
          __call = function(_, v, message, ...)
            if not v then error(message or "assertion failed!", 2) end
            return v, message, ...
          end,
        })

        local chunk, err = load(source, "@" .. name, "t")
        if not chunk then return { total = 1, results = { { name = name, ok = false, message = err } } } end
        local loaded, load_error = pcall(chunk)
        if not loaded then
          return { total = 1, results = { { name = name .. " (while loading)", ok = false, message = tostring(load_error) } } }
        end

        local results = {}
        for index, t in ipairs(tests) do if index == only then
          if t.pending then
            results[#results + 1] = { name = t.name, pending = true }
          else
            local ok, message = pcall(function()
              for _, f in ipairs(t.befores) do f() end
              t.body()
            end)
            for _, f in ipairs(t.afters) do
              local after_ok, after_message = pcall(f)
              if ok and not after_ok then ok, message = false, after_message end
            end
            results[#results + 1] = { name = t.name, ok = ok, message = (not ok) and tostring(message) or nil }
          end
        end end
        return { total = #tests, results = results }
        """#
}
