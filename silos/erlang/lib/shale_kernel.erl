%% Shale's stand-in for the parts of OTP's kernel application that stdlib
%% code expects to find running: a `kernel_sup` supervisor (timer's server
%% and other on-demand servers are started under it, as in erl) and the
%% logger's printing process, and the I/O servers behind standard output
%% and standard error.
%% shale-beam runs start/0 to completion before the program's own function.
-module(shale_kernel).
-behaviour(supervisor).
-export([start/0, init/1]).

%% Starts the standard I/O servers (`user`, the group leader of everything
%% started after, and `standard_error`), the logger's printer and kernel_sup
%% (in a process that lives as long as the VM); returns once all are up.
start() ->
    Self = self(),
    User = shale_io_server:start(user, fun shale_io:put_chars/1),
    _ = shale_io_server:start(standard_error, fun shale_io:put_err/1),
    group_leader(User, Self),
    register(logger_printer, spawn(logger, printer, [])),
    spawn(fun() -> hold(Self) end),
    receive {?MODULE, started} -> ok end.

hold(Starter) ->
    {ok, _} = supervisor:start_link({local, kernel_sup}, ?MODULE, []),
    Starter ! {?MODULE, started},
    receive after infinity -> ok end.

init([]) ->
    {ok, {#{strategy => one_for_all, intensity => 0, period => 1}, []}}.
