-module(re_compiled_forms).
-export([test/0]).
%% The compiled pattern term: PCRE's compiled bytes must equal OTP's for a
%% wide range of constructs and options, and each must run the same.
%% Left out: named back references and subroutine calls ((?1), (?R)),
%% whose compiled form ends in bytes PCRE never writes (OTP's hold heap
%% garbage that differs from run to run; ours are zero): lengths/0 compares
%% only their size, group count, flags and matches.
patterns() ->
    ["a", "abc", "a|b|c", "(a)(b)(c)", "(?:x|y)+", "a*+", "a++b", "a?+",
     "(?>a+)b", "(?=a)", "(?!a)", "(?<=ab)c", "(?<!x)y", "\\bword\\b", "\\Bx",
     "(a)\\1",
     "(?(1)a|b)", "(a)?(?(1)b|c)", "(?(?=a)ab|cd)", "(?|(a)|(b))", "a\\Kb",
     "\\d+\\.\\d*", "[[:alpha:][:digit:]]", "[^\\s\\S]", "[a-z&&]", "\\x41\\101\\o{101}",
     "\\cA\\e\\f\\n\\r\\t", "\\Q.*\\E", "a{3}", "a{2,}", "a{,3}", "(?i)abc(?-i)d",
     "(?s).(?m)^$", "(?x) a b # c", "(?U)a+", "(?J)(?<a>x)|(?<a>y)",
     "(*CRLF)a$", "(*ANY)^b", "(*UCP)\\w", "(*UTF8)\\x{100}", "(*NO_START_OPT)a",
     "(?C1)a(?C)", "(*ACCEPT)", "a(*COMMIT)b", "a(*PRUNE)b|ac", "a(*SKIP)b|ac",
     "a(*THEN)b|ac", "(*FAIL)|a", "(*MARK:m)a", "\\R", "\\h\\v\\H\\V", "\\X",
     "\\p{Lu}\\P{L}\\p{Greek}", "\\pN", "[\\p{Nd}\\p{Zs}]", "^.*$", "[\\x{0}-\\x{ff}]"].
options() ->
    [[], [caseless], [multiline, dotall], [extended, ungreedy], [unicode],
     [unicode, ucp], [anchored], [{newline, crlf}], [{newline, anycrlf}, bsr_anycrlf],
     [dollar_endonly, firstline], [no_auto_capture], [no_start_optimize], [dupnames]].
lengths() ->
    [begin {ok, {re_pattern, N, U, C, B}} = re:compile(P, O),
           {N, U, C, byte_size(B), re:run("xaabbab", P, O ++ [global])} end
     || P <- ["(?<n>a)\\k<n>", "(?P<p>x)(?P=p)", "(a(?1)?b)", "a(?R)?b"],
        O <- [[], [unicode], [caseless]]].
test() ->
    [lengths() |
     [{P, O, case re:compile(P, O) of
                {ok, MP} -> {MP, re:run("aBc\r\nab x1.5 Ab", MP, [global])};
                Err -> Err
            end}
     || P <- patterns(), O <- options()]].
