package dev.slipway.gateway.web;

import org.springframework.context.annotation.Import;

/** Lets slice tests in other packages import the package-private problem handler. */
@Import(ProblemHandler.class)
public class ProblemHandlerAccess {}
