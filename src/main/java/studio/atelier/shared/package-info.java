/**
 * Small types every module may use: the signed-in principal and roles.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package studio.atelier.shared;
