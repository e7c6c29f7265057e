namespace IlertNotify.Checkmk;

/// <summary>
/// The site's python reads the rule files: they are Python literals Checkmk's store writes (<c>notification_rules +=
/// [...]</c>; 2.4+ also <c>notification_parameter.update({...})</c>). Each value is read with <c>ast.literal_eval</c>,
/// never executed; any other statement that touches the variable makes it refuse rather than guess.
/// Each rule's parameters are flattened as Checkmk's <c>events.add_to_event_context</c> does (2.2 to 2.5), including
/// its <c>proxy_url</c> conversion. Output: NUL-terminated fields, per rule <c>rule, number, id, description,
/// disabled, source, global proxy, count</c>, then count name/value pairs.
/// </summary>
internal static class NotificationRuleScript
{
    public const string Text = """
        import ast
        import sys

        PLUGIN = "ilert_notify"
        PROXY_KINDS = {"environment_proxy": "environment", "no_proxy": "no_proxy", "explicit_proxy": "url", "stored_proxy": "global"}


        def load(path, name, default):
            value = default
            try:
                with open(path, encoding="utf-8") as handle:
                    tree = ast.parse(handle.read(), path)
            except FileNotFoundError:
                return value
            for node in tree.body:
                call = node.value if isinstance(node, ast.Expr) else None
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and node.targets[0].id == name:
                    value = ast.literal_eval(node.value)
                elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id == name and isinstance(node.op, ast.Add):
                    value = value + ast.literal_eval(node.value)
                elif (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name)
                      and call.func.value.id == name and call.func.attr in ("update", "extend") and len(call.args) == 1 and not call.keywords):
                    item = ast.literal_eval(call.args[0])
                    value = {**value, **item} if call.func.attr == "update" else value + list(item)
                elif any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node)):
                    raise ValueError("%s, line %d: %s is changed in a way this reader does not follow" % (path, node.lineno, name))
            if not isinstance(value, type(default)):
                raise ValueError("%s: %s is a %s, expected a %s" % (path, name, type(value).__name__, type(default).__name__))
            return value


        def proxy(value, out):
            if isinstance(value, str):
                value = ("url", value)
            if not isinstance(value, tuple) or not value:
                return value
            kind, rest = value[0], value[1:]
            if kind == "cmk_postprocessed" and len(value) == 3:
                kind, rest = PROXY_KINDS.get(value[1], value[1]), value[2:]
            setting = rest[0] if rest else None
            if kind == "environment":
                return "FROM_ENVIRONMENT"
            if kind == "no_proxy":
                return "NO_PROXY"
            if kind == "url" and isinstance(setting, str):
                return setting
            if kind == "global":
                out["global_proxy"] = str(setting)
                return None
            return value


        def flatten(context, prefix, param, out):
            if isinstance(param, (list, tuple)):
                if all(isinstance(p, str) for p in param):
                    suffix, separator = ("S", " ") if isinstance(param, list) else ("", "\t")
                    flatten(context, prefix + suffix, separator.join(param), out)
                for nr, value in enumerate(param, start=1):
                    flatten(context, "%s_%d" % (prefix, nr), value, out)
            elif isinstance(param, dict):
                for key, value in param.items():
                    varname = "%s_%s" % (prefix, str(key).upper())
                    if varname == "PARAMETER_PROXY_URL":
                        value = proxy(value, out)
                        if value is None:
                            continue
                    flatten(context, varname, value, out)
            elif isinstance(param, (str, int, float)):
                context[prefix] = str(param)
            elif param is None:
                context[prefix] = ""
            else:
                context[prefix] = repr(param)


        def main():
            rules_path = sys.stdin.readline().rstrip("\n")
            parameters_path = sys.stdin.readline().rstrip("\n")
            rules = load(rules_path, "notification_rules", [])
            stored = load(parameters_path, "notification_parameter", {}).get(PLUGIN, {})
            fields = []
            for number, rule in enumerate(rules):
                if not isinstance(rule, dict):
                    continue
                plugin = rule.get("notify_plugin")
                if "notify_method" in rule:
                    plugin = (plugin, rule["notify_method"])
                if not isinstance(plugin, (tuple, list)) or len(plugin) != 2 or plugin[0] != PLUGIN or plugin[1] is None:
                    continue
                params, source = plugin[1], "rule"
                if isinstance(params, str):
                    entry = stored.get(params)
                    if not isinstance(entry, dict):
                        raise ValueError("rule #%d uses the parameters '%s', which %s does not hold" % (number, params, parameters_path))
                    source = "parameters '%s'" % entry.get("general", {}).get("description", params)
                    params = entry.get("parameter_properties", {})
                context, out = {}, {}
                flatten(context, "PARAMETER", params, out)
                fields += ["rule", str(number), str(rule.get("rule_id", "")), str(rule.get("description", "")),
                           "1" if rule.get("disabled") else "0", source, out.get("global_proxy", ""), str(len(context))]
                for key, value in context.items():
                    fields += ["NOTIFY_" + key, value]
            # UTF-8 whatever the locale says (a description may hold any character).
            sys.stdout.buffer.write("".join(field.replace("\0", "") + "\0" for field in fields).encode("utf-8", "surrogateescape"))


        try:
            main()
        except (OSError, SyntaxError, ValueError, TypeError) as failure:
            sys.stderr.write("%s: %s\n" % (type(failure).__name__, failure))
            sys.exit(4)
        """;
}
