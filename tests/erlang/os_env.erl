-module(os_env).
%% os:getenv/0,1,2, putenv and unsetenv over the real process environment
%% (values are character lists, UTF-8 in the environment) and their badargs.
-export([test/0]).
e(F) -> try F() catch C:R -> {C, R} end.
test() ->
    true = os:putenv("SHALE_T1", "v1"),
    true = os:putenv("SHALE_T2", [$x, 233, 8364]),
    [os:getenv("SHALE_T1"), os:getenv("SHALE_T2"), os:getenv("SHALE_NOPE"),
     os:getenv("SHALE_NOPE", "dflt"), lists:member("SHALE_T1=v1", os:getenv()),
     os:unsetenv("SHALE_T1"), os:getenv("SHALE_T1"), os:putenv("SHALE_T3", ""),
     os:getenv("SHALE_T3"),
     e(fun() -> os:getenv(a) end), e(fun() -> os:putenv("A=B", "x") end),
     e(fun() -> os:putenv("X", [0]) end), e(fun() -> os:unsetenv(1) end),
     is_list(os:getenv("PATH"))].
