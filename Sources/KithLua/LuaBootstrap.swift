/// The part of the `kith` API written in Lua: iterators, which keep their state in Lua
/// closures so that an abandoned loop is simply collected. It captures what it uses before
/// any plugin or script code runs, so replacing globals later cannot change it.
enum LuaBootstrap {
    static let source = #"""
        local page, read_lines = ...
        local pcall, error, type, gsub = pcall, error, type, string.gsub

        -- Errors from the host carry this chunk's position; re-raise them at the caller's line.
        local function reraise(message, level)
          if type(message) == "string" then message = gsub(message, "^%[kith%]:%d+: ", "", 1) end
          error(message, level + 1)
        end

        local function each(opts)
          local ok, buffer, last_at, last_id, more = pcall(page, opts)
          if not ok then reraise(buffer, 2) end
          local i, n = 0, #buffer
          return function()
            i = i + 1
            if i > n then
              if not more then return nil end
              ok, buffer, last_at, last_id, more = pcall(page, opts, last_at, last_id)
              if not ok then reraise(buffer, 2) end
              i, n = 1, #buffer
              if n == 0 then return nil end
            end
            return buffer[i]
          end
        end

        local function lines(path)
          local ok, list = pcall(read_lines, path)
          if not ok then reraise(list, 2) end
          local i = 0
          return function()
            i = i + 1
            return list[i]
          end
        end

        return each, lines
        """#
}
